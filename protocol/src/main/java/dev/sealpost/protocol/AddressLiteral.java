package dev.sealpost.protocol;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An address literal (RFC 5321 §4.1.3): {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. Parsed by a
 * strict parser of our own, never by {@link InetAddress#getByName}, so no text ever reaches DNS.
 * General-address-literals (other tags) are refused: nothing standardises one.
 *
 * @param literal as written, with the brackets
 * @param address the address it denotes
 */
public record AddressLiteral(String literal, InetAddress address) implements MailDomain {

  public AddressLiteral {
    Objects.requireNonNull(literal, "literal");
    Objects.requireNonNull(address, "address");
    if (!IpLiteral.parse(literal).equals(address)) {
      throw new IllegalArgumentException("Address literal " + literal + " does not denote " + address);
    }
  }

  /**
   * Parses {@code [IPv4]} or {@code [IPv6:...]}.
   *
   * @throws IllegalArgumentException naming the text when it is not a valid address literal
   */
  public static AddressLiteral parse(String text) {
    Objects.requireNonNull(text, "text");
    return new AddressLiteral(text, IpLiteral.parse(text));
  }

  @Override
  public String ascii() {
    return literal;
  }

  @Override
  public String unicode() {
    return literal;
  }

  @Override
  public boolean needsSmtpUtf8() {
    return false;
  }

  @Override
  public String toString() {
    return literal;
  }
}
