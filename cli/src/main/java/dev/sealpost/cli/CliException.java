package dev.sealpost.cli;

/** A usage or environment problem reported to the user as one line, without a stack trace. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
