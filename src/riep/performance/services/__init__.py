"""Use cases of the performance toolkit, one module per job: catalogue, importer, values, delivery, reward, assessment."""
