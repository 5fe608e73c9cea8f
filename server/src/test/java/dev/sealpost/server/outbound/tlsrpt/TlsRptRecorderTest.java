package dev.sealpost.server.outbound.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsRptRecorderTest {

  static final List<String> STS = List.of("version: STSv1", "mode: enforce", "mx: *.mx.example.com", "max_age: 86400");
  static final FailureDetail EXPIRED = FailureDetail.of(ResultType.CERTIFICATE_EXPIRED, "192.0.2.1",
      "a.mx.example.com", "198.51.100.7", "certificate expired 2025-02-01");
  static final LocalDate DAY = LocalDate.parse("2025-03-01");

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

  @Test
  void countsPerPolicyAndFailureKind() {
    try (TlsRptRecorder recorder = TlsRptRecorder.open(dir, clock)) {
      recorder.success("Example.com", PolicyType.STS, STS, "*.mx.example.com");
      recorder.success("example.com", PolicyType.STS, STS, "*.mx.example.com");
      recorder.failure("example.com", PolicyType.STS, STS, "*.mx.example.com", EXPIRED);
      recorder.failure("example.com", PolicyType.STS, STS, "*.mx.example.com", EXPIRED);
      recorder.failure("example.com", PolicyType.NO_POLICY_FOUND, List.of(), "mx.example.com",
          FailureDetail.of(ResultType.STARTTLS_NOT_SUPPORTED, "192.0.2.1", "mx.example.com", "198.51.100.8", "no STARTTLS"));
      recorder.success("other.example", PolicyType.NO_POLICY_FOUND, List.of(), "mx.other.example");

      assertThat(recorder.policyDomains(DAY)).containsExactly("example.com", "other.example");
      List<PolicyResults> results = recorder.results(DAY, "example.com");
      assertThat(results).hasSize(2);
      PolicyResults sts = results.getFirst();
      assertThat(sts.policy()).isEqualTo(new ReportedPolicy(PolicyType.STS, STS, "example.com"));
      assertThat(sts.successfulSessions()).isEqualTo(2);
      assertThat(sts.failedSessions()).isEqualTo(2);
      assertThat(sts.failures()).isEqualTo(Map.of(EXPIRED, 2L));
      assertThat(sts.mxHosts()).containsExactly("*.mx.example.com");
      assertThat(results.get(1).successfulSessions()).isZero();
      assertThat(results.get(1).failedSessions()).isEqualTo(1);
    }
  }

  @Test
  void sessionsAreCountedOnTheirUtcDay() {
    try (TlsRptRecorder recorder = TlsRptRecorder.open(dir, clock)) {
      recorder.success("example.com", PolicyType.STS, STS, "*.mx.example.com");
      clock.advance(Duration.ofDays(1));
      recorder.success("example.com", PolicyType.STS, STS, "*.mx.example.com");
      recorder.success("example.com", PolicyType.STS, STS, "*.mx.example.com");

      assertThat(recorder.results(DAY, "example.com").getFirst().successfulSessions()).isEqualTo(1);
      assertThat(recorder.results(DAY.plusDays(1), "example.com").getFirst().successfulSessions()).isEqualTo(2);
    }
  }

  @Test
  void countsSurviveARestartAndATornLastLine() throws Exception {
    try (TlsRptRecorder recorder = TlsRptRecorder.open(dir, clock)) {
      recorder.success("example.com", PolicyType.STS, STS, "*.mx.example.com");
      recorder.failure("example.com", PolicyType.STS, STS, "*.mx.example.com", EXPIRED);
    }
    Files.writeString(dir.resolve(DAY + ".jsonl"), "{\"policy\":{\"policy-ty", StandardOpenOption.APPEND);

    try (TlsRptRecorder reopened = TlsRptRecorder.open(dir, clock)) {
      PolicyResults results = reopened.results(DAY, "example.com").getFirst();
      assertThat(results.successfulSessions()).isEqualTo(1);
      assertThat(results.failures()).isEqualTo(Map.of(EXPIRED, 1L));
    }
  }

  @Test
  void discardForgetsTheDayOnDiskToo() {
    try (TlsRptRecorder recorder = TlsRptRecorder.open(dir, clock)) {
      recorder.success("example.com", PolicyType.STS, STS, "*.mx.example.com");
      recorder.discard(DAY);
      assertThat(recorder.policyDomains(DAY)).isEmpty();
    }
    try (TlsRptRecorder reopened = TlsRptRecorder.open(dir, clock)) {
      assertThat(reopened.policyDomains(DAY)).isEmpty();
    }
  }

  @Test
  void concurrentRecordingLosesNothing() throws Exception {
    int threads = 8;
    int perThread = 250;
    try (TlsRptRecorder recorder = TlsRptRecorder.open(dir, clock)) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean fail = t % 2 == 0;
        workers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < perThread; i++) {
            if (fail) {
              recorder.failure("example.com", PolicyType.STS, STS, "*.mx.example.com", EXPIRED);
            } else {
              recorder.success("example.com", PolicyType.STS, STS, "*.mx.example.com");
            }
          }
        }));
      }
      for (Thread w : workers) {
        w.join();
      }
      PolicyResults results = recorder.results(DAY, "example.com").getFirst();
      assertThat(results.successfulSessions()).isEqualTo(threads / 2 * perThread);
      assertThat(results.failedSessions()).isEqualTo(threads / 2 * perThread);
    }
    try (TlsRptRecorder reopened = TlsRptRecorder.open(dir, clock)) {
      assertThat(reopened.results(DAY, "example.com").getFirst().failedSessions()).isEqualTo(threads / 2 * perThread);
    }
  }
}
