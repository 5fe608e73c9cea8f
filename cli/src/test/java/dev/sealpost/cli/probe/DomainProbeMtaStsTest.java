package dev.sealpost.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.cli.probe.DomainProbe.DomainReport;
import dev.sealpost.cli.probe.Finding.Severity;
import dev.sealpost.testing.MtaStsPolicyHost;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe --domain} fetches the MTA-STS policy from a loopback policy host and judges the MX by it. */
class DomainProbeMtaStsTest {

  @TempDir static Path dir;
  private static PolicyDomain domain;

  @BeforeAll
  static void start() {
    domain = new PolicyDomain(dir);
  }

  @AfterAll
  static void stop() {
    domain.close();
  }

  @Test
  void enforcePolicyCoveringTheMxIsSound() {
    DomainReport r = domain.policy("enforce", 604800, "*.example.test").probe(PolicyDomain.DOMAIN);

    assertThat(r.mtaStsPolicy()).isEqualTo(new StsPolicyReport("enforce", 604800L,
        List.of("*.example.test"), null));
    assertThat(r.finding("mta-sts-enforce").severity()).isEqualTo(Severity.OK);
    assertThat(r.finding("mta-sts-mx-covered").summary()).contains("*.example.test");
    assertThat(r.finding("mta-sts-max-age-short")).isNull();
    assertThat(r.mx().getFirst().report().finding("certificate-hostname").severity()).isEqualTo(Severity.OK);
    assertThat(r.hasErrors()).as(String.valueOf(r)).isFalse();
  }

  @Test
  void enforcePolicyNotCoveringTheMxIsAnError() {
    DomainReport r = domain.policy("enforce", 604800, "mx1.example.test", "*.mail.example.test")
        .probe(PolicyDomain.DOMAIN);

    Finding uncovered = r.finding("mta-sts-mx-not-covered");
    assertThat(uncovered.severity()).isEqualTo(Severity.ERROR);
    assertThat(uncovered.summary()).contains(PolicyDomain.MX, "mx1.example.test, *.mail.example.test", "refuse");
    assertThat(r.finding("mta-sts-mx-covered")).isNull();
    assertThat(r.hasErrors()).isTrue();
  }

  @Test
  void testingModeAndShortMaxAgeAreWarnings() {
    DomainReport r = domain.policy("testing", 3600, "mx1.example.test").probe(PolicyDomain.DOMAIN);

    assertThat(r.finding("mta-sts-testing").severity()).isEqualTo(Severity.WARNING);
    assertThat(r.finding("mta-sts-mx-not-covered").severity()).isEqualTo(Severity.WARNING);
    assertThat(r.finding("mta-sts-max-age-short").summary()).contains("3600 s");
    assertThat(r.hasErrors()).isFalse();

    DomainReport none = domain.policy("none", 86400).probe(PolicyDomain.DOMAIN);
    assertThat(none.finding("mta-sts-mode-none").severity()).isEqualTo(Severity.INFO);
    assertThat(none.finding("mta-sts-mx-not-covered")).isNull();
  }

  @Test
  void enforceMakesCertificateProblemsOnACoveredMxErrors() {
    // bad.test's MX is our server under a name its certificate does not carry.
    DomainReport testing = domain.policy("testing", 604800, "mail.bad.test").probe("bad.test");
    assertThat(testing.mx().getFirst().report().finding("certificate-hostname-mismatch").severity())
        .isEqualTo(Severity.WARNING);

    DomainReport enforce = domain.policy("enforce", 604800, "mail.bad.test").probe("bad.test");
    Finding mismatch = enforce.mx().getFirst().report().finding("certificate-hostname-mismatch");
    assertThat(mismatch.severity()).isEqualTo(Severity.ERROR);
    assertThat(mismatch.summary()).contains("is not valid for mail.bad.test", "MTA-STS policy is enforce")
        .doesNotContain("DANE or verify policy");
    assertThat(enforce.finding("mta-sts-mx-covered")).isNotNull();
    assertThat(enforce.hasErrors()).isTrue();
  }

  @Test
  void policyHostWithACertificateForAnotherNameIsAFetchError() {
    DomainReport r = domain.policy("enforce", 604800, "*.example.test").probe("wrongname.test");

    Finding failed = r.finding("mta-sts-fetch-failed");
    assertThat(failed.severity()).isEqualTo(Severity.ERROR);
    assertThat(failed.summary()).contains("sts-webpki-invalid", "mta-sts.wrongname.test");
    assertThat(r.mtaStsPolicy().mode()).isNull();
    assertThat(r.mtaStsPolicy().fetchError().resultType()).isEqualTo("sts-webpki-invalid");
    assertThat(r.mtaStsPolicy().fetchError().kind()).isEqualTo("CERTIFICATE");
  }

  @Test
  void notFoundIsAFetchError() {
    domain.policyHost.answer(MtaStsPolicyHost.Answer.status(404, "not here"));
    DomainReport r = domain.probe(PolicyDomain.DOMAIN);

    assertThat(r.finding("mta-sts-fetch-failed").summary()).contains("sts-policy-fetch-error", "404");
    assertThat(r.mtaStsPolicy().fetchError().kind()).isEqualTo("HTTP_STATUS");
    assertThat(r.finding("mta-sts-mx-covered")).isNull();
    assertThat(r.hasErrors()).isTrue();
  }
}
