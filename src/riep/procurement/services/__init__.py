"""The procurement hub's use cases: importing spend files, resolving suppliers, classifying, finding opportunities
and recording validated savings."""
