package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.client.TlsException.Reason;
import dev.sealpost.protocol.SmtpReply;
import org.junit.jupiter.api.Test;

class TlsExceptionTest {

  @Test
  void downgradesWaitCertificatesFail() {
    // A 5xx to STARTTLS from a man in the middle must not bounce mail that needs TLS: it waits.
    SmtpReply refused = SmtpReply.of(554, "5.7.0", "no TLS for you");
    assertThat(new TlsException(Reason.STARTTLS_REFUSED, "x", refused, null).isTransient()).isTrue();
    assertThat(new TlsException(Reason.STARTTLS_NOT_OFFERED, "x", null, null).isTransient()).isTrue();
    assertThat(new TlsException(Reason.HANDSHAKE_FAILED, "x", null, null).isTransient()).isTrue();
    for (Reason r : new Reason[] {Reason.EXPIRED, Reason.NOT_YET_VALID, Reason.SELF_SIGNED, Reason.UNTRUSTED_CHAIN,
        Reason.PIN_MISMATCH, Reason.WRONG_HOST}) {
      assertThat(new TlsException(r, "x", null, null).isTransient()).as(r.name()).isFalse();
    }
  }
}
