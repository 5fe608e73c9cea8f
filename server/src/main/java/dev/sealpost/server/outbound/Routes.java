package dev.sealpost.server.outbound;

import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import dev.sealpost.dns.MxRecord;
import dev.sealpost.dns.MxRoute;
import dev.sealpost.server.config.OutboundConfig;
import dev.sealpost.server.config.OutboundConfig.OutboundTls;
import dev.sealpost.server.outbound.mtasts.EffectivePolicy;
import dev.sealpost.server.outbound.mtasts.MtaStsPolicies;
import dev.sealpost.server.outbound.mtasts.StsMode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Where mail for a domain goes (RFC 5321 §5.1): the relayhost when there is one, else the domain's
 * fixed route, else its MX hosts in preference order (random among equals), else its own address
 * (implicit MX). Names are resolved through Sealpost's resolver, never the JVM's, so that the DNS a
 * policy depends on is the DNS the administrator configured.
 */
final class Routes {

  /** A route, or why there is none. */
  sealed interface Result permits Hops, Refused {}

  /** Servers to try in order. */
  record Hops(List<NextHop> hops) implements Result {}

  /** No server to try: the outcome applies to every recipient of the domain. */
  record Refused(RecipientOutcome outcome) implements Result {}

  private final OutboundConfig config;
  private final DnsResolver dns;
  private final String ourHostname;
  private final Random random;
  private final Optional<MtaStsPolicies> mtaSts;

  /** @param mtaSts recipient domains' MTA-STS policies, or empty when they are not honoured */
  Routes(OutboundConfig config, DnsResolver dns, String ourHostname, Random random, Optional<MtaStsPolicies> mtaSts) {
    this.config = config;
    this.dns = dns;
    this.ourHostname = ourHostname;
    this.random = random;
    this.mtaSts = mtaSts;
  }

  /** The next hops for {@code domain}: its transport-map entry, else the relayhost, else its MX hosts. */
  Result resolve(String domain) {
    OutboundConfig.DomainRoute route = config.domains().get(domain);
    OutboundTls tls = config.tlsFor(domain);
    if (route != null && route.relayhost().isPresent()) {
      return viaRelayhost(route.relayhost().get());
    }
    if (route != null && route.host().isPresent()) {
      return hops(route.host().get(), route.port(), tls, false, Optional.empty());
    }
    if (config.relayhost().isPresent()) {
      return viaRelayhost(config.relayhost().get());
    }
    DnsResult<MxRecord> mx = dns.mx(domain).toCompletableFuture().join();
    Optional<EffectivePolicy> policy = mtaSts.map(p -> p.policyFor(domain).toCompletableFuture().join());
    Optional<EffectivePolicy> sts = policy.filter(p -> p.mode() == StsMode.ENFORCE);
    Optional<EffectivePolicy> testing = policy.filter(p -> p.mode() == StsMode.TESTING);
    if (sts.isPresent()) {
      // RFC 8461 §4.2: under an enforce policy only listed MX hosts, and only with a certificate valid
      // for the MX name (PKIX), whatever the domain's configured policy says.
      tls = OutboundTls.MTA_STS;
    }
    return switch (MxRoute.of(domain, mx, random)) {
      case MxRoute.Exchangers e -> {
        List<NextHop> all = new ArrayList<>();
        String failure = null;
        List<String> refusedByPolicy = new ArrayList<>();
        for (MxRecord r : e.inOrder()) {
          if (sts.isPresent() && !sts.get().permits(r.host())) {
            refusedByPolicy.add(r.host());
            continue;
          }
          if (r.host().equalsIgnoreCase(ourHostname)) {
            // RFC 5321 §5.1: we are one of the MX hosts; only more preferred ones may be used, and
            // a domain we are MX for but do not serve would loop.
            break;
          }
          Result h = dane(domain, r.host(), mx.authenticated(), tls);
          if (h == null) {
            h = hops(r.host(), config.mxPort(), tls, false, Optional.empty());
            if (h instanceof Hops ok && sts.isPresent()) {
              var reported = new NextHop.ReportedPolicy(domain, dev.sealpost.server.outbound.tlsrpt.PolicyType.STS,
                  sts.get().policy().map(p -> p.policyStrings()).orElse(List.of()), r.host());
              h = new Hops(ok.hops().stream().map(n -> n.withReported(reported)).toList());
            } else if (h instanceof Hops ok && testing.isPresent()) {
              // RFC 8461 §5: testing delivers as if there were no policy, and reports what enforce would have done.
              var reported = new NextHop.ReportedPolicy(domain, dev.sealpost.server.outbound.tlsrpt.PolicyType.STS,
                  testing.get().policy().map(p -> p.policyStrings()).orElse(List.of()), r.host(),
                  Optional.of(new NextHop.StsTesting(testing.get().permits(r.host()))));
              h = new Hops(ok.hops().stream().map(n -> n.withReported(reported)).toList());
            }
          }
          if (h instanceof Hops ok) {
            all.addAll(ok.hops());
          } else {
            failure = ((Refused) h).outcome().diagnostic();
          }
        }
        if (all.isEmpty() && !refusedByPolicy.isEmpty() && failure == null) {
          // §5: no MX host fits the policy; the message waits, it is not sent anywhere else.
          yield new Refused(RecipientOutcome.transientFailure("4.7.5", "MTA-STS policy of " + domain
              + " (mode enforce) lists none of its MX hosts " + refusedByPolicy, ""));
        }
        if (all.isEmpty()) {
          yield new Refused(failure != null
              ? RecipientOutcome.transientFailure("4.4.4", failure, "")
              : RecipientOutcome.permanentFailure("5.4.6", "mail for " + domain + " loops back to this server", ""));
        }
        yield new Hops(all);
      }
      case MxRoute.ImplicitMx i -> {
        if (sts.isPresent() && !sts.get().permits(domain)) {
          yield new Refused(RecipientOutcome.transientFailure("4.7.5", "MTA-STS policy of " + domain
              + " (mode enforce) does not list the domain itself, which has no MX", ""));
        }
        // RFC 7672 §2.2.1: without MX records (denied securely) the domain itself is the host, and its
        // own TLSA records apply.
        Result h = dane(domain, domain, mx.authenticated(), tls);
        yield h != null ? h : hops(domain, config.mxPort(), tls, false, Optional.empty());
      }
      case MxRoute.NullMx n -> new Refused(RecipientOutcome.permanentFailure("5.1.10",
          domain + " accepts no mail (null MX, RFC 7505)", ""));
      case MxRoute.NoSuchDomain n -> new Refused(RecipientOutcome.permanentFailure("5.1.2",
          "domain " + domain + " does not exist (NXDOMAIN)", ""));
      case MxRoute.TemporaryFailure t -> new Refused(RecipientOutcome.transientFailure("4.4.3",
          "DNS lookup of MX " + domain + " failed: " + t.reason(), ""));
    };
  }

  /**
   * DANE for one MX host (RFC 7672 §2.2): when the MX answer and the host's TLSA records are both
   * DNSSEC-validated, the hop is authenticated by the TLSA records, which outrank MTA-STS and any
   * configured policy. Null when DANE does not apply and the policy does not require it.
   */
  private Result dane(String domain, String host, boolean mxSecure, OutboundTls tls) {
    // RFC 7672 §2.2.2 (and RFC 7671 §7): an MX host name that is an alias has its TLSA records at the
    // fully expanded name, else at the original; an alias that is not secure gets no DANE at all.
    Alias alias = expand(host);
    String owner = dev.sealpost.dns.TlsaRecord.ownerName(config.mxPort(), host);
    DnsResult<dev.sealpost.dns.TlsaRecord> tlsa = null;
    String base = host;
    if (alias.secure()) {
      for (String candidate : alias.target().equals(host) ? List.of(host) : List.of(alias.target(), host)) {
        base = candidate;
        owner = dev.sealpost.dns.TlsaRecord.ownerName(config.mxPort(), candidate);
        tlsa = dns.tlsa(owner).toCompletableFuture().join();
        if (!(tlsa instanceof DnsResult.NoData<?> || tlsa instanceof DnsResult.NxDomain<?>)) {
          break;
        }
      }
    }
    if (mxSecure && tlsa instanceof DnsResult.Found<dev.sealpost.dns.TlsaRecord> f && f.authenticated()) {
      Result h = hops(host, config.mxPort(), OutboundTls.DANE, false, Optional.empty());
      if (h instanceof Hops ok) {
        List<String> strings = f.records().stream().map(Routes::presentation).toList();
        String tlsaBase = base;
        return new Hops(ok.hops().stream().map(n -> new NextHop(n.host(), n.address(), n.port(), OutboundTls.DANE,
            false, Optional.empty(), f.records(), tlsaBase, Optional.of(new NextHop.ReportedPolicy(domain,
                dev.sealpost.server.outbound.tlsrpt.PolicyType.TLSA, strings, host)))).toList());
      }
      return h;
    }
    if (tls == OutboundTls.DANE) {
      // RFC 7672 §2.2: a lookup that failed is not a lookup that found nothing; either way, no DANE, no mail.
      String why = !alias.secure() ? host + " is an alias (CNAME) that is not DNSSEC-validated"
          : tlsa instanceof DnsResult.TemporaryFailure<dev.sealpost.dns.TlsaRecord> t
          ? "TLSA lookup of " + owner + " failed: " + t.reason()
          : !mxSecure ? "the MX records are not DNSSEC-validated"
          : "no DNSSEC-validated TLSA records at " + owner;
      return new Refused(RecipientOutcome.transientFailure("4.7.5", "DANE required for " + host + " but " + why, ""));
    }
    return null;
  }

  /** A smarthost: always verified TLS; the password is read per attempt, so a changed file is picked up. */
  private Result viaRelayhost(OutboundConfig.Relayhost r) {
    Optional<NextHop.Credentials> credentials = Optional.empty();
    if (r.user().isPresent()) {
      try {
        String pw = Files.readString(r.passwordFile().orElseThrow(), StandardCharsets.UTF_8).lines().findFirst()
            .orElse("");
        credentials = Optional.of(new NextHop.Credentials(r.user().get(), pw));
      } catch (IOException e) {
        return new Refused(RecipientOutcome.transientFailure("4.3.5", "cannot read the relayhost password file: "
            + e.getMessage(), ""));
      }
    }
    return hops(r.host(), r.port(), OutboundTls.VERIFY, r.implicitTls(), credentials);
  }

  /** Where a host name's CNAME chain ends, and whether every link was DNSSEC-validated. */
  private record Alias(String target, boolean secure) {}

  private Alias expand(String host) {
    String name = host;
    boolean secure = true;
    for (int hops = 0; hops < 8; hops++) {
      DnsResult<String> r = dns.cname(name).toCompletableFuture().join();
      if (r instanceof DnsResult.Found<String> f && !f.records().isEmpty()) {
        secure &= f.authenticated();
        name = f.records().getFirst();
      } else {
        // The end of the chain; a failed lookup counts as insecure, so DANE cannot be mistaken.
        return new Alias(name, secure && !(r instanceof DnsResult.TemporaryFailure<?>));
      }
    }
    return new Alias(name, false);
  }

  private Result hops(String host, int port, OutboundTls tls, boolean implicit,
      Optional<NextHop.Credentials> credentials) {
    List<InetAddress> addresses = new ArrayList<>();
    String failure = null;
    if (isIpLiteral(host)) {
      try {
        addresses.add(InetAddress.getByName(host)); // a literal: parsed, never looked up
      } catch (IOException e) {
        return new Refused(RecipientOutcome.permanentFailure("5.1.2", "bad address " + host, ""));
      }
    } else {
      for (DnsResult<InetAddress> r : List.of(dns.a(host).toCompletableFuture().join(),
          dns.aaaa(host).toCompletableFuture().join())) {
        addresses.addAll(r.records());
        if (r instanceof DnsResult.TemporaryFailure<InetAddress> t) {
          failure = t.reason();
        }
      }
    }
    if (addresses.isEmpty()) {
      return new Refused(failure != null
          ? RecipientOutcome.transientFailure("4.4.3", "cannot resolve " + host + ": " + failure, "")
          : RecipientOutcome.transientFailure("4.4.4", host + " has no A or AAAA record", ""));
    }
    return new Hops(addresses.stream().map(a -> new NextHop(host, a, port, tls, implicit, credentials, List.of(),
        host, Optional.empty())).toList());
  }

  /** A TLSA record as RFC 8460 §4.4 reports it: usage selector matching-type hex. */
  private static String presentation(dev.sealpost.dns.TlsaRecord t) {
    return t.usage() + " " + t.selector() + " " + t.matchingType() + " "
        + java.util.HexFormat.of().formatHex(t.data());
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }
}
