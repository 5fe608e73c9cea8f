package dev.sealpost.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.mailauth.dkim.DkimResult;
import dev.sealpost.mailauth.dmarc.DmarcRecord;
import dev.sealpost.mailauth.dmarc.DmarcResult;
import dev.sealpost.mailauth.spf.SpfOutcome;
import dev.sealpost.mailauth.spf.SpfResult;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {

  @Test
  void oneResinfoPerMethodWithRfc8601Properties() {
    String field = AuthenticationResults.header("mx.example.net",
        Optional.of(new SpfOutcome(SpfResult.PASS, "example.com", Optional.empty(), List.of())), Optional.empty(),
        List.of(new DkimResult(DkimResult.Status.PASS, "example.com", "2026a", "ed25519-sha256", "9/dsDChY", "ok", false),
            new DkimResult(DkimResult.Status.FAIL, "other.test", "s", "rsa-sha256", "abcdefgh", "body hash did not verify",
                false)),
        Optional.of(new DmarcResult(DmarcResult.Status.PASS, "example.com", Optional.of("example.com"),
            Optional.of(DmarcRecord.Policy.REJECT), DmarcResult.Disposition.NONE, true, true, List.of())));
    assertThat(field).isEqualTo("Authentication-Results: mx.example.net;\r\n"
        + "\tspf=pass smtp.mailfrom=example.com;\r\n"
        + "\tdkim=pass header.d=example.com header.s=2026a header.a=ed25519-sha256 header.b=\"9/dsDChY\";\r\n"
        + "\tdkim=fail reason=\"body hash did not verify\" header.d=other.test header.s=s header.a=rsa-sha256"
        + " header.b=abcdefgh;\r\n"
        + "\tdmarc=pass policy.dmarc=reject header.from=example.com\r\n");
    assertThat(AuthenticationResults.header("mx.example.net", Optional.empty(), Optional.empty(), List.of(),
        Optional.empty())).isEqualTo("Authentication-Results: mx.example.net; none\r\n");
  }

  @Test
  void forgedFieldsClaimingOurIdAreRecognisedWhateverTheirSpelling() {
    assertThat(AuthenticationResults.claims(" mx.example.net; spf=pass", "MX.example.net")).isTrue();
    assertThat(AuthenticationResults.claims(" (forged) \"mx.example.net\" 1; dkim=pass", "mx.example.net")).isTrue();
    assertThat(AuthenticationResults.claims("\r\n\tmx.example.net;\r\n\tdmarc=pass", "mx.example.net")).isTrue();
    assertThat(AuthenticationResults.claims(" mx.example.net.evil; spf=pass", "mx.example.net")).isFalse();
    assertThat(AuthenticationResults.claims(" gmail.com; spf=pass", "mx.example.net")).isFalse();
  }

  @Property(tries = 2000)
  void nothingFromTheMessageCanBreakOutOfTheField(@ForAll String domain, @ForAll String reason) {
    String field = AuthenticationResults.header("mx.example.net",
        Optional.of(new SpfOutcome(SpfResult.FAIL, domain, Optional.empty(), List.of())), Optional.empty(),
        List.of(new DkimResult(DkimResult.Status.FAIL, domain, domain, "rsa-sha256", "x", reason, false)),
        Optional.empty());
    String body = field.substring(0, field.length() - 2);
    // Every line break is a fold (CRLF followed by a tab): no new field can start.
    assertThat(body.replace("\r\n\t", "")).doesNotContain("\r").doesNotContain("\n");
  }
}
