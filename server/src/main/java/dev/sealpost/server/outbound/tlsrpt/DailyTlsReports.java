package dev.sealpost.server.outbound.tlsrpt;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When reports go: shortly after each UTC midnight, at a random minute in the first hour so that
 * report receivers are not hit by every sender at once (RFC 8460 §5.1 leaves the time to the sender),
 * for every finished day still in the journal, which covers days missed while the server was down.
 * A day is forgotten once its reports are sent (mail is then in the queue, which retries it).
 */
public final class DailyTlsReports implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DailyTlsReports.class);

  private final TlsRptRecorder recorder;
  private final TlsReportSender sender;
  private final Clock clock;
  private final Random random;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofVirtual().name("sealpost-tlsrpt").factory());

  public DailyTlsReports(TlsRptRecorder recorder, TlsReportSender sender, Clock clock, Random random) {
    this.recorder = recorder;
    this.sender = sender;
    this.clock = clock;
    this.random = random;
  }

  /** Sends what is overdue within a minute, then every day after midnight. */
  public void start() {
    timer.schedule(this::runAndReschedule, 30 + random.nextInt(30), TimeUnit.SECONDS);
  }

  private void runAndReschedule() {
    try {
      sendFinishedDays();
    } catch (RuntimeException e) {
      LOG.error("event=tlsrpt-run-failed error=\"{}\"", e.toString());
    }
    Duration wait = untilNextRun();
    timer.schedule(this::runAndReschedule, wait.toSeconds(), TimeUnit.SECONDS);
  }

  /** Sends and forgets every day before today (UTC) that has results; returns how many days. */
  public int sendFinishedDays() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    int sent = 0;
    for (LocalDate day : recorder.days().headSet(today)) {
      TlsReportSender.Summary s = sender.send(day);
      LOG.info("event=tlsrpt-day day={} domains={} mailed={} posted={} failed={}", day, s.domains(), s.mailed(),
          s.posted(), s.failed());
      recorder.discard(day);
      sent++;
    }
    return sent;
  }

  private Duration untilNextRun() {
    var now = clock.instant();
    var midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Duration.between(now, midnight).plusMinutes(1 + random.nextInt(59));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
