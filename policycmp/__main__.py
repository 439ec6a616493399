"""``python -m policycmp`` runs the command-line interface."""

from policycmp.cli import main

if __name__ == "__main__":
    main(prog_name="policycmp")
