package dev.sealpost.server.config;

import dev.sealpost.protocol.AddressParser;
import dev.sealpost.protocol.Domain;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Applies defaults and checks every value once; errors carry the key path for the line lookup. */
final class ConfigValidator {

  static final class Invalid extends RuntimeException {
    private final List<String> path;

    Invalid(List<String> path, String message) {
      super(message);
      this.path = path;
    }

    List<String> path() {
      return path;
    }
  }

  private final Path base;

  ConfigValidator(Path base) {
    this.base = base;
  }

  ServerConfig validate(ConfigFile raw) {
    String hostname = domain(List.of("hostname"), raw.hostname() == null ? "localhost" : raw.hostname());
    Path dataDir = path(raw.dataDir(), base);
    if (raw.domains() == null || raw.domains().isEmpty()) {
      throw new Invalid(List.of("domains"), "at least one local domain is required");
    }
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < raw.domains().size(); i++) {
      domains.add(domain(List.of("domains"), raw.domains().get(i)));
    }
    Optional<String> postmaster = Optional.ofNullable(raw.postmaster()).map(p -> address(List.of("postmaster"), p));
    Map<String, List<String>> senders = new LinkedHashMap<>();
    if (raw.senders() != null) {
      raw.senders().forEach((user, patterns) -> senders.put(user.toLowerCase(Locale.ROOT), List.copyOf(patterns)));
    }
    return new ServerConfig(hostname, dataDir, List.copyOf(domains),
        path(raw.usersFile() == null ? "users" : raw.usersFile(), dataDir), postmaster, Map.copyOf(senders),
        tls(raw.tls(), dataDir), limits(raw.limits()), listeners(raw.listeners()),
        greetingDelay(raw.smtp()), rejectPregreet(raw.smtp()),
        raw.received() != null && Boolean.TRUE.equals(raw.received().showAuthenticatedUser()),
        outbound(raw.outbound(), base),
        Duration.ofSeconds(positive(List.of("shutdown-grace-seconds"), raw.shutdownGraceSeconds(), 30)),
        dkim(raw.dkim(), dataDir),
        raw.inbound() == null ? ServerConfig.InboundConfig.DEFAULT : new ServerConfig.InboundConfig(
            raw.inbound().checks() == null || raw.inbound().checks(),
            raw.inbound().dmarcEnforce() == null || raw.inbound().dmarcEnforce(),
            Duration.ofSeconds(positive(List.of("inbound", "timeout-seconds"), raw.inbound().timeoutSeconds(), 20))),
        AcmeSection.validate(raw.acme(), hostname, base));
  }

  private TlsSettings tls(ConfigFile.Tls t, Path dataDir) {
    ConfigFile.Tls tls = t == null ? new ConfigFile.Tls(null, null, null, null, null, null) : t;
    List<String> protocols = tls.protocols() == null ? List.of("TLSv1.3", "TLSv1.2") : tls.protocols();
    boolean legacy = Boolean.TRUE.equals(tls.allowLegacyProtocols());
    try {
      dev.sealpost.tls.TlsPolicy.of(protocols, legacy);
    } catch (IllegalArgumentException e) {
      throw new Invalid(List.of("tls", "protocols"), e.getMessage());
    }
    return new TlsSettings(path(tls.certificate() == null ? "tls/server.pem" : tls.certificate(), dataDir),
        path(tls.key() == null ? "tls/server.key" : tls.key(), dataDir), List.copyOf(protocols), legacy,
        Boolean.TRUE.equals(tls.startWithExpiredCertificate()), alternatives(tls.certificates(), dataDir));
  }

  private List<TlsSettings.CertificatePair> alternatives(List<ConfigFile.CertificatePair> pairs, Path dataDir) {
    List<TlsSettings.CertificatePair> out = new ArrayList<>();
    if (pairs == null) {
      return out;
    }
    for (int i = 0; i < pairs.size(); i++) {
      ConfigFile.CertificatePair p = pairs.get(i);
      if (p.certificate() == null || p.key() == null) {
        throw new Invalid(List.of("tls", "certificates", String.valueOf(i)), "certificate and key are both needed");
      }
      out.add(new TlsSettings.CertificatePair(path(p.certificate(), dataDir), path(p.key(), dataDir)));
    }
    return out;
  }

  private static OutboundConfig outbound(ConfigFile.Outbound o, Path base) {
    if (o == null) {
      return OutboundConfig.DEFAULT;
    }
    OutboundConfig d = OutboundConfig.DEFAULT;
    List<String> p = List.of("outbound");
    List<String> dns = o.dns() == null ? List.of() : List.copyOf(o.dns());
    for (String server : dns) {
      try {
        dev.sealpost.dns.DnsServer.parse(server);
      } catch (IllegalArgumentException e) {
        throw new Invalid(key(p, "dns"), e.getMessage());
      }
    }
    int mxPort = (int) positive(key(p, "mx-port"), toLong(o.mxPort()), d.mxPort());
    if (mxPort > 65535) {
      throw new Invalid(key(p, "mx-port"), "port out of range: " + mxPort);
    }
    OutboundConfig.OutboundTls tls = o.tls() == null ? d.defaultTls() : outboundTls(key(p, "tls"), o.tls());
    Map<String, OutboundConfig.DomainRoute> domains = new LinkedHashMap<>();
    if (o.domains() != null) {
      for (int i = 0; i < o.domains().size(); i++) {
        ConfigFile.OutboundDomain e = o.domains().get(i);
        List<String> k = List.of("outbound", "domains", String.valueOf(i));
        if (e.domain() == null) {
          throw new Invalid(key(k, "domain"), "missing: the recipient domain this entry is for");
        }
        String name = domain(key(k, "domain"), e.domain());
        Optional<String> host = Optional.empty();
        int port = mxPort;
        if (e.host() != null) {
          InetSocketAddress a = socketAddress(key(k, "host"), e.host().contains(":") ? e.host() : e.host() + ":25");
          host = Optional.of(a.getHostString());
          port = a.getPort();
        }
        Optional<OutboundConfig.OutboundTls> t = e.tls() == null ? Optional.empty()
            : Optional.of(outboundTls(key(k, "tls"), e.tls()));
        Optional<OutboundConfig.Relayhost> viaRelay = Optional.empty();
        if (e.relayhost() != null) {
          if (e.host() != null || e.tls() != null) {
            throw new Invalid(key(k, e.host() != null ? "host" : "tls"), "a domain goes either to host (with tls) or"
                + " through its relayhost (always verified TLS), not both");
          }
          viaRelay = Optional.of(relayhost(List.of("outbound", "domains", String.valueOf(i), "relayhost"),
              e.relayhost(), base));
        }
        if (domains.put(name, new OutboundConfig.DomainRoute(host, port, t, viaRelay)) != null) {
          throw new Invalid(key(k, "domain"), "'" + name + "' appears twice");
        }
      }
    }
    Optional<OutboundConfig.Relayhost> relayhost = Optional.empty();
    if (o.relayhost() != null) {
      relayhost = Optional.of(relayhost(List.of("outbound", "relayhost"), o.relayhost(), base));
    }
    List<Path> cas = o.trustedCas() == null ? List.of() : o.trustedCas().stream().map(f -> path(f, base)).toList();
    Duration first = Duration.ofSeconds(positive(key(p, "first-retry-seconds"), o.firstRetrySeconds(),
        d.firstRetry().toSeconds()));
    Duration max = Duration.ofSeconds(positive(key(p, "max-retry-seconds"), o.maxRetrySeconds(),
        d.maxRetry().toSeconds()));
    if (max.compareTo(first) < 0) {
      throw new Invalid(key(p, "max-retry-seconds"), "must not be below first-retry-seconds");
    }
    Duration giveUp = Duration.ofHours(positive(key(p, "give-up-after-hours"), o.giveUpAfterHours(),
        d.giveUpAfter().toHours()));
    int concurrency = (int) positive(key(p, "concurrency"), toLong(o.concurrency()), d.concurrency());
    Optional<Duration> warn = d.delayWarning();
    if (o.delayWarningHours() != null) {
      long hours = o.delayWarningHours();
      if (hours < 0 || (hours > 0 && hours >= giveUp.toHours())) {
        throw new Invalid(key(p, "delay-warning-hours"), "must be 0 (no delay warnings) or between 1 and"
            + " give-up-after-hours (" + giveUp.toHours() + "), not " + hours);
      }
      warn = hours == 0 ? Optional.empty() : Optional.of(Duration.ofHours(hours));
    } else if (warn.isPresent() && warn.get().compareTo(giveUp) >= 0) {
      warn = Optional.empty(); // a short give-up-after-hours: the bounce comes first anyway
    }
    int stsPort = (int) positive(key(p, "mta-sts-port"), toLong(o.mtaStsPort()), d.mtaStsPort());
    if (stsPort > 65535) {
      throw new Invalid(key(p, "mta-sts-port"), "port out of range: " + stsPort);
    }
    Duration memory = Duration.ofDays(positive(key(p, "downgrade-memory-days"), o.downgradeMemoryDays(),
        d.downgradeMemory().toDays()));
    if (memory.toDays() > 3650) {
      throw new Invalid(key(p, "downgrade-memory-days"), "must be at most 3650 (ten years), not " + memory.toDays());
    }
    OutboundConfig.DowngradeProtection protection = o.downgradeProtection() == null ? d.downgradeProtection()
        : downgradeProtection(key(p, "downgrade-protection"), o.downgradeProtection());
    int perDestination = (int) positive(key(p, "connections-per-destination"), toLong(o.connectionsPerDestination()),
        d.connectionsPerDestination());
    return new OutboundConfig(dns, mxPort, tls, domains, relayhost, cas, first, max, giveUp, concurrency,
        perDestination, o.mtaSts() == null || o.mtaSts(), stsPort, protection, memory,
        warn, Boolean.TRUE.equals(o.delayWarningsWithoutNotify()), tlsReports(key(p, "tls-reports"), o.tlsReports()));
  }

  private static List<ServerConfig.DkimKeyConfig> dkim(List<ConfigFile.Dkim> entries, Path dataDir) {
    List<ServerConfig.DkimKeyConfig> out = new ArrayList<>();
    if (entries == null) {
      return out;
    }
    for (int i = 0; i < entries.size(); i++) {
      ConfigFile.Dkim e = entries.get(i);
      List<String> k = List.of("dkim", String.valueOf(i));
      if (e.domain() == null || e.selector() == null || e.keyFile() == null) {
        throw new Invalid(k, "domain, selector and key-file are all needed");
      }
      if (!e.selector().matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")) {
        throw new Invalid(key(k, "selector"), "'" + e.selector() + "' is not a DNS label");
      }
      out.add(new ServerConfig.DkimKeyConfig(domain(key(k, "domain"), e.domain()), e.selector(),
          path(e.keyFile(), dataDir)));
    }
    return List.copyOf(out);
  }

  private static OutboundConfig.Relayhost relayhost(List<String> k, ConfigFile.Relayhost r, Path base) {
    if (r.host() == null) {
      throw new Invalid(key(k, "host"), "missing; for example \"smtp.provider.example:587\"");
    }
    String mode = r.tls() == null ? "implicit" : r.tls();
    if (!mode.equals("implicit") && !mode.equals("starttls")) {
      throw new Invalid(key(k, "tls"), "'" + mode + "' is not one of implicit, starttls (a relayhost always"
          + " gets TLS with a verified certificate)");
    }
    InetSocketAddress a = socketAddress(key(k, "host"), r.host().contains(":") ? r.host()
        : r.host() + (mode.equals("implicit") ? ":465" : ":587"));
    if ((r.user() == null) != (r.passwordFile() == null)) {
      throw new Invalid(key(k, r.user() == null ? "user" : "password-file"), "user and password-file go together");
    }
    return new OutboundConfig.Relayhost(a.getHostString(), a.getPort(), mode.equals("implicit"),
        Optional.ofNullable(r.user()), Optional.ofNullable(r.passwordFile()).map(f -> path(f, base)));
  }

  private static OutboundConfig.TlsReports tlsReports(List<String> key, ConfigFile.TlsReports r) {
    if (r == null) {
      return OutboundConfig.TlsReports.DEFAULT;
    }
    if (r.contact() != null) {
      try {
        dev.sealpost.protocol.Mailbox.parse(r.contact());
      } catch (IllegalArgumentException e) {
        throw new Invalid(key(key, "contact"), "'" + r.contact() + "' is not a mail address");
      }
    }
    if (r.organization() != null && r.organization().chars().anyMatch(c -> c < 32 || c == 127)) {
      throw new Invalid(key(key, "organization"), "control characters are not allowed");
    }
    return new OutboundConfig.TlsReports(r.send() == null || r.send(), Optional.ofNullable(r.organization()),
        Optional.ofNullable(r.contact()));
  }

  private static OutboundConfig.DowngradeProtection downgradeProtection(List<String> key, String value) {
    for (OutboundConfig.DowngradeProtection m : OutboundConfig.DowngradeProtection.values()) {
      if (m.configName().equals(value)) {
        return m;
      }
    }
    throw new Invalid(key, "'" + value + "' is not one of defer, alert, off");
  }

  private static OutboundConfig.OutboundTls outboundTls(List<String> key, String value) {
    for (OutboundConfig.OutboundTls t : OutboundConfig.OutboundTls.values()) {
      if (t != OutboundConfig.OutboundTls.MTA_STS && t.configName().equals(value)) {
        return t;
      }
    }
    throw new Invalid(key, "'" + value + "' is not one of may, encrypt, verify, dane");
  }

  private static Limits limits(ConfigFile.LimitsSection l) {
    if (l == null) {
      return Limits.DEFAULT;
    }
    Limits d = Limits.DEFAULT;
    List<String> p = List.of("limits");
    return new Limits(
        positive(key(p, "max-message-size"), l.maxMessageSize(), d.maxMessageSize()),
        (int) positive(key(p, "max-recipients"), toLong(l.maxRecipients()), d.maxRecipients()),
        Duration.ofSeconds(positive(key(p, "idle-timeout-seconds"), l.idleTimeoutSeconds(),
            d.idleTimeout().toSeconds())),
        (int) positive(key(p, "max-connections"), toLong(l.maxConnections()), d.maxConnections()),
        (int) positive(key(p, "max-connections-per-client"), toLong(l.maxConnectionsPerClient()),
            d.maxConnectionsPerClient()),
        (int) positive(key(p, "max-errors"), toLong(l.maxErrors()), d.maxErrors()));
  }

  private static List<ListenerConfig> listeners(List<ConfigFile.Listener> raw) {
    if (raw == null || raw.isEmpty()) {
      throw new Invalid(List.of("listeners"), "at least one [[listeners]] table is required");
    }
    List<ListenerConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      ConfigFile.Listener l = raw.get(i);
      List<String> p = List.of("listeners", String.valueOf(i));
      if (l.kind() == null) {
        throw new Invalid(key(p, "kind"), "missing; one of submissions, submission, smtp");
      }
      if (l.address() == null) {
        throw new Invalid(key(p, "address"), "missing; for example \"0.0.0.0:465\"");
      }
      String name = l.name() == null ? l.kind().configName() : l.name();
      if (!names.add(name)) {
        throw new Invalid(key(p, "name"), "duplicate listener name '" + name + "'");
      }
      out.add(new ListenerConfig(name, l.kind(), socketAddress(key(p, "address"), l.address())));
    }
    return List.copyOf(out);
  }

  static InetSocketAddress socketAddress(List<String> key, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new Invalid(key, "'" + text + "' is not HOST:PORT");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new Invalid(key, "'" + text + "' has no numeric port");
    }
    if (port < 0 || port > 65535) {
      throw new Invalid(key, "port out of range in '" + text + "'");
    }
    return new InetSocketAddress(host, port);
  }

  private static Duration greetingDelay(ConfigFile.Smtp smtp) {
    long ms = smtp == null || smtp.greetingDelayMillis() == null ? 0 : smtp.greetingDelayMillis();
    if (ms < 0 || ms > 60_000) {
      throw new Invalid(List.of("smtp", "greeting-delay-millis"), "must be between 0 and 60000");
    }
    return Duration.ofMillis(ms);
  }

  private static boolean rejectPregreet(ConfigFile.Smtp smtp) {
    String action = smtp == null || smtp.pregreet() == null ? "log" : smtp.pregreet();
    return switch (action) {
      case "log" -> false;
      case "reject" -> true;
      default -> throw new Invalid(List.of("smtp", "pregreet"), "'" + action + "' is not one of log, reject");
    };
  }

  private static String domain(List<String> key, String value) {
    try {
      return Domain.parse(value).ascii();
    } catch (IllegalArgumentException e) {
      throw new Invalid(key, "'" + value + "' is not a valid domain name");
    }
  }

  private static String address(List<String> key, String value) {
    try {
      return AddressParser.parseMailbox(value).toString();
    } catch (IllegalArgumentException e) {
      throw new Invalid(key, "'" + value + "' is not a valid mail address");
    }
  }

  private static Path path(String value, Path relativeTo) {
    Path p = value == null ? relativeTo : Path.of(value);
    return relativeTo.resolve(p).toAbsolutePath().normalize();
  }

  private static long positive(List<String> key, Long value, long fallback) {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new Invalid(key, "must be a positive number, not " + value);
    }
    return value;
  }

  private static Long toLong(Integer i) {
    return i == null ? null : i.longValue();
  }

  private static List<String> key(List<String> prefix, String name) {
    List<String> k = new ArrayList<>(prefix);
    k.add(name);
    return k;
  }
}
