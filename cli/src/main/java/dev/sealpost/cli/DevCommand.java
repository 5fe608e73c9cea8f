package dev.sealpost.cli;

import dev.sealpost.server.config.ConfigLoader;
import dev.sealpost.server.config.ListenerConfig;
import dev.sealpost.server.config.ListenerKind;
import dev.sealpost.server.config.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev", mixinStandardHelpOptions = true,
    description = "Run a local server for a first try: creates a CA, a localhost certificate, the demo user "
        + "and a config in the data directory (reused on later runs), then serves in the foreground.")
final class DevCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = "sealpost-data", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--ports", defaultValue = "2465,2587,2525",
      description = "SUBMISSIONS,SUBMISSION,SMTP ports (default: ${DEFAULT-VALUE}).")
  String ports;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--dns", paramLabel = "HOST:PORT",
      description = "DNS server for outbound delivery (repeatable; default: the system's resolvers).")
  List<String> dns = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    int[] p = parsePorts(ports);
    DevSetup.Result setup = DevSetup.prepare(dataDir);
    ServerConfig loaded = ConfigLoader.load(setup.config());
    ServerConfig config = new ServerConfig(loaded.hostname(), loaded.dataDir(), loaded.domains(), loaded.usersFile(),
        loaded.postmaster(), loaded.senders(), loaded.tls(), loaded.limits(), List.of(
            new ListenerConfig("submissions", ListenerKind.SUBMISSIONS, new InetSocketAddress(bind, p[0])),
            new ListenerConfig("submission", ListenerKind.SUBMISSION, new InetSocketAddress(bind, p[1])),
            new ListenerConfig("smtp", ListenerKind.SMTP, new InetSocketAddress(bind, p[2]))),
        loaded.greetingDelay(), loaded.rejectPregreet(), loaded.showAuthenticatedUser(), outbound(loaded.outbound()),
        loaded.shutdownGrace(), loaded.dkim(), loaded.inbound(), loaded.acme());
    if (config.dkim().stream().noneMatch(k -> k.domain().equals(DevSetup.DOMAIN))) {
      // a data directory from before dev mode signed: its configuration has no key yet
      List<ServerConfig.DkimKeyConfig> keys = new java.util.ArrayList<>(config.dkim());
      keys.add(new ServerConfig.DkimKeyConfig(DevSetup.DOMAIN, "dev", setup.dataDir().resolve(DevSetup.DKIM_KEY)));
      config = config.withDkim(keys);
    }
    return Foreground.run(config, () -> System.out.println(DevBanner.text(setup, bind, p)));
  }

  /** --dns points outbound lookups at a resolver of the user's, e.g. a test DNS server on loopback. */
  private dev.sealpost.server.config.OutboundConfig outbound(dev.sealpost.server.config.OutboundConfig o) {
    if (dns.isEmpty()) {
      return o;
    }
    for (String server : dns) {
      try {
        dev.sealpost.dns.DnsServer.parse(server);
      } catch (IllegalArgumentException e) {
        throw new CliException("--dns: " + e.getMessage());
      }
    }
    return o.withDnsServers(dns);
  }

  static int[] parsePorts(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 3) {
      throw new CliException("--ports needs three ports SUBMISSIONS,SUBMISSION,SMTP, got '" + text + "'");
    }
    int[] p = new int[3];
    for (int i = 0; i < 3; i++) {
      try {
        p[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new CliException("--ports: '" + parts[i] + "' is not a port number");
      }
      if (p[i] < 0 || p[i] > 65535) {
        throw new CliException("--ports: " + p[i] + " is out of range 0-65535");
      }
    }
    return p;
  }
}
