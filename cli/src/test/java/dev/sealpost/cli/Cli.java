package dev.sealpost.cli;

/** Runs a command as `sealpost ARGS` would, capturing only the command's own output (not server logs). */
final class Cli {

  private Cli() {}

  /** "STATUS|OUTPUT". */
  static String run(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(out, true));
    return cl.execute(args) + "|" + out;
  }
}
