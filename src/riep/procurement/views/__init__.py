"""Pages of the procurement hub (`files`: upload, mapping, file report; `spend`: hub, council, suppliers, review;
`opportunities`: the finder, projects and savings)."""
