package dev.sealpost.server.outbound.mtasts;

/** Carries a {@link FetchFailure} out of the blocking fetch code; never leaves the package. */
final class FetchException extends Exception {

  private final FetchFailure failure;

  FetchException(FetchFailure.Kind kind, String detail) {
    super(detail, null, false, false);
    this.failure = new FetchFailure(kind, detail);
  }

  FetchFailure failure() {
    return failure;
  }
}
