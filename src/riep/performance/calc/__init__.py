"""Pure logic of the performance toolkit: RAG bands, reward grant arithmetic, periods, forecasts and the
self-assessment report. No Django, no files: dataclasses and Decimals in, dataclasses out."""
