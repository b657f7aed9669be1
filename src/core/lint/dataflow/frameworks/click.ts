import type { FrameworkEntryPoints } from "./types";

/** click: a command's parameters are the program's command-line arguments and options. */
export const click: FrameworkEntryPoints = {
  name: "click",
  commandDecorators: ["click.command", "click.group", "click.argument", "click.option"],
  // @cli.command() on a group made by @click.group(): a function, which no import resolves
  commandDecoratorMethods: ["command"],
};

/** Typer: `app = typer.Typer()` and `@app.command()`. */
export const typer: FrameworkEntryPoints = {
  name: "typer",
  commandDecorators: ["typer.Typer().command"],
  // an app passed around or built elsewhere (`from .cli import app`) resolves to no constructor
  commandDecoratorMethods: ["command"],
};
