"""``python -m impp`` runs the `impp` command."""

from impp.cli import run

if __name__ == "__main__":
    run()
