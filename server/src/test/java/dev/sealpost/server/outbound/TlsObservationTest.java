package dev.sealpost.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.client.TlsEvidence;
import dev.sealpost.client.TlsException;
import dev.sealpost.server.outbound.TlsObservation.Failure;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlsObservationTest {

  static TlsEvidence.Established established(TlsEvidence.Authentication auth, boolean chainTrusted,
      boolean nameMatches) {
    return new TlsEvidence.Established("TLSv1.3", "TLS_AES_128_GCM_SHA256", "CN=mx.example.com", "ab12",
        Instant.parse("2027-01-01T00:00:00Z"), auth, auth == TlsEvidence.Authentication.PKIX
            ? Optional.of("mx.example.com") : Optional.empty(), chainTrusted, nameMatches, Optional.empty());
  }

  @Test
  void clearTextUnderMayIsNoStartTls() {
    assertThat(TlsObservation.of(TlsEvidence.none()))
        .isEqualTo(new TlsObservation.Failed(Failure.NO_STARTTLS, "session ran in clear text"));
  }

  @Test
  void opportunisticSessionThatWouldHaveVerifiedCountsAsVerified() {
    assertThat(TlsObservation.of(established(TlsEvidence.Authentication.NONE, true, true)))
        .isEqualTo(new TlsObservation.Verified("TLSv1.3", "ab12"));
  }

  @Test
  void verifiedSessionCountsAsVerified() {
    assertThat(TlsObservation.of(established(TlsEvidence.Authentication.PKIX, true, true)))
        .isEqualTo(new TlsObservation.Verified("TLSv1.3", "ab12"));
  }

  @Test
  void untrustedOrMisnamedCertificateIsNotVerified() {
    assertThat(TlsObservation.of(established(TlsEvidence.Authentication.NONE, false, true)))
        .isEqualTo(new TlsObservation.Failed(Failure.CERTIFICATE_NOT_VERIFIED,
            "untrusted chain, name matches, sha256=ab12"));
    assertThat(TlsObservation.of(established(TlsEvidence.Authentication.NONE, true, false)))
        .isEqualTo(new TlsObservation.Failed(Failure.CERTIFICATE_NOT_VERIFIED,
            "trusted chain, name mismatch, sha256=ab12"));
  }

  @ParameterizedTest
  @EnumSource(TlsException.Reason.class)
  void everyFailureReasonMaps(TlsException.Reason reason) {
    Failure expected = switch (reason) {
      case STARTTLS_NOT_OFFERED -> Failure.NO_STARTTLS;
      case STARTTLS_REFUSED, HANDSHAKE_FAILED -> Failure.STARTTLS_FAILED;
      default -> Failure.CERTIFICATE_NOT_VERIFIED;
    };
    TlsObservation o = TlsObservation.of(reason);
    assertThat(o).isEqualTo(new TlsObservation.Failed(expected,
        reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
  }
}
