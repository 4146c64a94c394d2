from riep.cli.main import app

app()
