"""The typer layer: parse options, call one core function, map its result to an exit code."""
