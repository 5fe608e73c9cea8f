package dev.sealpost.cli;

import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsServer;
import dev.sealpost.dns.DnsjavaResolver;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --dns HOST:PORT} (repeatable) for the commands that look things up: the system's resolvers otherwise. */
final class DnsOptions {

  @Option(names = "--dns", paramLabel = "HOST:PORT", description = "DNS server to ask (repeatable; default: the system's).")
  List<String> dns = new ArrayList<>();

  DnsResolver resolver() {
    var b = DnsjavaResolver.builder();
    try {
      if (!dns.isEmpty()) {
        b.servers(dns.stream().map(DnsServer::parse).toList());
      }
    } catch (IllegalArgumentException e) {
      throw new CliException("--dns: " + e.getMessage());
    }
    return b.build();
  }
}
