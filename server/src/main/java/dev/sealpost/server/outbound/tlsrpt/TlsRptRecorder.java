package dev.sealpost.server.outbound.tlsrpt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts TLS sessions per UTC day, policy domain and policy for TLS reports (RFC 8460 §4), and
 * keeps them across restarts in an append-only journal (one JSON line per session, a file per day,
 * see {@link TlsRptJournal}).
 *
 * <p>Delivery calls {@link #success} or {@link #failure} once per session (or per attempt that
 * failed before a session, such as an MTA-STS fetch error), from any thread. The report job
 * reads a finished day with {@link #policyDomains} and {@link #results}, then {@link #discard}s it.
 * A journal write that fails is logged and only loses that session's count on restart.
 */
public final class TlsRptRecorder implements AutoCloseable {

  private final InstantSource clock;
  private final TlsRptJournal journal;
  private final Map<LocalDate, Map<ReportedPolicy, Tally>> days = new HashMap<>();

  private TlsRptRecorder(InstantSource clock, TlsRptJournal journal) {
    this.clock = clock;
    this.journal = journal;
  }

  /** A recorder keeping its journal in {@code directory} (created when missing), replaying what is there. */
  public static TlsRptRecorder open(Path directory, InstantSource clock) {
    TlsRptRecorder recorder = new TlsRptRecorder(Objects.requireNonNull(clock, "clock"), new TlsRptJournal(directory));
    try {
      recorder.journal.replay(recorder::count);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS-RPT journal in " + directory, e);
    }
    return recorder;
  }

  /**
   * A session that met the policy.
   *
   * @param mxHost the MX host name, or for sts the policy's pattern it matched (RFC 8460 §4.4 mx-host)
   */
  public void success(String policyDomain, PolicyType policyType, List<String> policyStrings, String mxHost) {
    record(new TlsRptJournal.Entry(today(), new ReportedPolicy(policyType, policyStrings, policyDomain), mxHost,
        java.util.Optional.empty()));
  }

  /** A session that failed the policy, with what failed; {@code mxHost} as for {@link #success}. */
  public void failure(String policyDomain, PolicyType policyType, List<String> policyStrings, String mxHost,
      FailureDetail detail) {
    record(new TlsRptJournal.Entry(today(), new ReportedPolicy(policyType, policyStrings, policyDomain), mxHost,
        java.util.Optional.of(detail)));
  }

  /** The days with results, oldest first. */
  public synchronized java.util.SortedSet<LocalDate> days() {
    return new java.util.TreeSet<>(days.keySet());
  }

  /** The policy domains with results on {@code day}, sorted. */
  public synchronized Set<String> policyDomains(LocalDate day) {
    Set<String> domains = new TreeSet<>();
    days.getOrDefault(day, Map.of()).keySet().forEach(p -> domains.add(p.policyDomain()));
    return domains;
  }

  /** The results for {@code policyDomain} on {@code day}, one per policy, in the order first seen. */
  public synchronized List<PolicyResults> results(LocalDate day, String policyDomain) {
    List<PolicyResults> results = new ArrayList<>();
    days.getOrDefault(day, Map.of()).forEach((policy, tally) -> {
      if (policy.policyDomain().equals(policyDomain)) {
        results.add(new PolicyResults(policy, List.copyOf(tally.mxHosts), tally.successes, tally.failures));
      }
    });
    return results;
  }

  /** Forgets {@code day}, in memory and on disk: call after its reports are sent. */
  public synchronized void discard(LocalDate day) {
    days.remove(day);
    journal.delete(day);
  }

  @Override
  public synchronized void close() {
    journal.close();
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private synchronized void record(TlsRptJournal.Entry entry) {
    count(entry);
    journal.append(entry);
  }

  private synchronized void count(TlsRptJournal.Entry entry) {
    Tally tally = days.computeIfAbsent(entry.day(), d -> new LinkedHashMap<>())
        .computeIfAbsent(entry.policy(), p -> new Tally());
    if (!entry.mxHost().isEmpty()) {
      tally.mxHosts.add(entry.mxHost());
    }
    entry.failure().ifPresentOrElse(f -> tally.failures.merge(f, 1L, Long::sum), () -> tally.successes++);
  }

  private static final class Tally {
    final Set<String> mxHosts = new TreeSet<>();
    final Map<FailureDetail, Long> failures = new LinkedHashMap<>();
    long successes;
  }
}
