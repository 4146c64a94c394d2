"""Reading councils' spend files: any encoding, CSV/XLSX/ODS, a preamble above the header, each council's own
column names. `reading` turns bytes into lines, `columns` proposes which column holds which canonical field, `values`
reads amounts and dates, and `importer` imports a file through `riep.core.importing`."""
