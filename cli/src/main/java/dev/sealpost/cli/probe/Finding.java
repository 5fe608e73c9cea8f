package dev.sealpost.cli.probe;

/**
 * One thing the probe found. {@code id} is stable, for scripts and for {@code --json} consumers;
 * {@code summary} is for people.
 */
public record Finding(Severity severity, String id, String summary) {

  /** How much a finding matters; ERROR makes the probe exit non-zero. */
  public enum Severity { OK, INFO, WARNING, ERROR }

  static Finding ok(String id, String summary) {
    return new Finding(Severity.OK, id, summary);
  }

  static Finding info(String id, String summary) {
    return new Finding(Severity.INFO, id, summary);
  }

  static Finding warning(String id, String summary) {
    return new Finding(Severity.WARNING, id, summary);
  }

  static Finding error(String id, String summary) {
    return new Finding(Severity.ERROR, id, summary);
  }
}
