package dev.sealpost.mailauth.dkim;

/** The signing algorithms Sealpost signs with (RFC 6376 §3.3, RFC 8463); rsa-sha1 is verified as failing (RFC 8301). */
public enum Algorithm {
  RSA_SHA256("rsa-sha256", "rsa", "SHA256withRSA"),
  ED25519_SHA256("ed25519-sha256", "ed25519", "Ed25519");

  private final String token;
  private final String keyType;
  private final String jca;

  Algorithm(String token, String keyType, String jca) {
    this.token = token;
    this.keyType = keyType;
    this.jca = jca;
  }

  /** The a= value. */
  public String token() {
    return token;
  }

  /** The k= value of its key records. */
  public String keyType() {
    return keyType;
  }

  String jca() {
    return jca;
  }

  static java.util.Optional<Algorithm> of(String token) {
    for (Algorithm a : values()) {
      if (a.token.equalsIgnoreCase(token)) {
        return java.util.Optional.of(a);
      }
    }
    return java.util.Optional.empty();
  }
}
