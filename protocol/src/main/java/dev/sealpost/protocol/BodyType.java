package dev.sealpost.protocol;

/** The BODY= MAIL parameter: 7BIT and 8BITMIME (RFC 6152), BINARYMIME (RFC 3030). */
public enum BodyType {
  SEVEN_BIT("7BIT"),
  EIGHT_BIT_MIME("8BITMIME"),
  BINARY_MIME("BINARYMIME");

  private final String keyword;

  BodyType(String keyword) {
    this.keyword = keyword;
  }

  /** The value as written on the wire, e.g. "8BITMIME". */
  public String keyword() {
    return keyword;
  }
}
