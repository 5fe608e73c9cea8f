package dev.sealpost.server.netty;

import java.time.Duration;

/**
 * When to greet: on the MX port an optional pause before the 220 exposes clients that talk first
 * (RFC 5321 §3.1 says they must wait), which is mostly spam software.
 */
record GreetingPolicy(Duration delay, boolean rejectPregreet) {
  static final GreetingPolicy IMMEDIATE = new GreetingPolicy(Duration.ZERO, false);
}
