# The two commands of the README.
.PHONY: app test

app:  ## start the web app on the bundled corpus/ (builds the index on first run)
	bash scripts/setup.sh app
	.venv/bin/tracuu serve

test:  ## install test tools and run the whole test suite
	bash scripts/setup.sh dev
	.venv/bin/python -m pytest
