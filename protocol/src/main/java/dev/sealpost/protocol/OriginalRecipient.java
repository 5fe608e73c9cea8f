package dev.sealpost.protocol;

import java.util.Objects;

/**
 * The ORCPT= RCPT parameter of RFC 3461 §4.2: the recipient as the original sender gave it, kept so
 * that a DSN can name it.
 *
 * @param addressType the addr-type atom in lower case, e.g. "rfc822" or "utf-8" (RFC 6533)
 * @param address the decoded address, without controls
 */
public record OriginalRecipient(String addressType, String address) {

  public OriginalRecipient {
    Objects.requireNonNull(addressType, "addressType");
    Objects.requireNonNull(address, "address");
    addressType = Ascii.lower(addressType);
    if (addressType.isEmpty() || !addressType.chars().allMatch(c -> c < 0x80 && LocalPart.isAtext(c))) {
      throw new IllegalArgumentException("ORCPT address type is not an atom: " + Ascii.show(addressType));
    }
    if (address.isEmpty() || Ascii.hasControl(address)) {
      throw new IllegalArgumentException("ORCPT address is empty or has a control: " + Ascii.show(address));
    }
  }

  /** The parameter value as sent on: {@code rfc822;user+2Btag@example.com}, RFC 6533 form for utf-8. */
  public String toParameterValue() {
    String encoded = addressType.equals("utf-8") ? Xtext.encodeUtf8Address(address) : Xtext.encode(address);
    return addressType + ";" + encoded;
  }
}
