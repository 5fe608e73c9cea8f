package dev.sealpost.mailauth.spf;

/** Ends an evaluation early with permerror or temperror (RFC 7208 §2.6.6, §2.6.7). */
final class SpfException extends Exception {

  private final SpfResult result;

  SpfException(SpfResult result, String message) {
    super(message, null, false, false);
    this.result = result;
  }

  static SpfException permerror(String message) {
    return new SpfException(SpfResult.PERMERROR, message);
  }

  static SpfException temperror(String message) {
    return new SpfException(SpfResult.TEMPERROR, message);
  }

  SpfResult result() {
    return result;
  }
}
