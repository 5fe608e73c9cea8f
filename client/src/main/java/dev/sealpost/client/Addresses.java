package dev.sealpost.client;

import dev.sealpost.protocol.Mailbox;

/** Parses caller-supplied addresses, refusing line breaks before the parser sees them. */
final class Addresses {
  private Addresses() {}

  static Mailbox mailbox(String address) {
    Wire.requireSingleLine("address", address);
    try {
      return Mailbox.parse(address.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid address " + Wire.show(address) + ": " + e.getMessage(), e);
    }
  }
}
