package dev.sealpost.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private static final String LISTENERS = """
      [[listeners]]
      kind = "submissions"
      address = "127.0.0.1:465"

      [[listeners]]
      kind = "smtp"
      address = "[::1]:25"
      """;

  private Path write(String toml) throws Exception {
    Path f = dir.resolve("sealpost.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void minimalFileGetsDocumentedDefaults() throws Exception {
    ServerConfig c = ConfigLoader.load(write("domains = [\"Example.TEST\"]\n" + LISTENERS));
    assertThat(c.hostname()).isEqualTo("localhost");
    assertThat(c.domains()).containsExactly("example.test");
    assertThat(c.dataDir()).isEqualTo(dir);
    assertThat(c.usersFile()).isEqualTo(dir.resolve("users"));
    assertThat(c.tls().certificate()).isEqualTo(dir.resolve("tls/server.pem"));
    assertThat(c.tls().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(c.limits()).isEqualTo(Limits.DEFAULT);
    assertThat(c.listeners()).extracting(ListenerConfig::kind).containsExactly(ListenerKind.SUBMISSIONS, ListenerKind.SMTP);
    assertThat(c.listeners().get(1).address().getPort()).isEqualTo(25);
    assertThat(c.greetingDelay()).isEqualTo(Duration.ZERO);
    assertThat(c.showAuthenticatedUser()).isFalse();
  }

  @Test
  void unknownKeyNamesKeyAndLine() throws Exception {
    Path f = write("domains = [\"example.test\"]\n\n[limits]\nmax-recipents = 5\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f + ":4")
        .hasMessageContaining("unknown key 'limits.max-recipents'");
  }

  @Test
  void wrongTypeNamesKeyAndLine() throws Exception {
    Path f = write("domains = [\"example.test\"]\n[limits]\nmax-recipients = \"many\"\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(":3")
        .hasMessageContaining("limits.max-recipients");
  }

  @Test
  void badListenerKindInArrayTableNamesItsLine() throws Exception {
    Path f = write("domains = [\"example.test\"]\n" + LISTENERS + "\n[[listeners]]\nkind = \"pop3\"\naddress = \"0.0.0.0:110\"\n");
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(":11")
        .hasMessageContaining("listeners.2.kind");
  }

  @Test
  void negativeLimitIsRefused() throws Exception {
    Path f = write("domains = [\"example.test\"]\n[limits]\nmax-recipients = -1\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .hasMessageContaining(":3")
        .hasMessageContaining("limits.max-recipients: must be a positive number");
  }

  @Test
  void legacyProtocolNeedsExplicitOptIn() throws Exception {
    Path f = write("domains = [\"example.test\"]\n[tls]\nprotocols = [\"TLSv1.1\", \"TLSv1.2\"]\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("tls.protocols");
    Path ok = write("domains = [\"example.test\"]\n[tls]\nprotocols = [\"TLSv1.1\", \"TLSv1.2\"]\n"
        + "allow-legacy-protocols = true\n" + LISTENERS);
    assertThat(ConfigLoader.load(ok).tls().allowLegacyProtocols()).isTrue();
  }

  @Test
  void sslv3IsNeverAccepted() throws Exception {
    Path f = write("domains = [\"example.test\"]\n[tls]\nprotocols = [\"SSLv3\"]\nallow-legacy-protocols = true\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("tls.protocols");
  }

  @Test
  void missingDomainsAndListenersAreNamed() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(write(LISTENERS))).hasMessageContaining("domains");
    assertThatThrownBy(() -> ConfigLoader.load(write("domains = [\"example.test\"]\n")))
        .hasMessageContaining("listeners");
  }

  @Test
  void invalidTomlSyntaxNamesTheLine() throws Exception {
    Path f = write("domains = [\"example.test\"\nhostname = \n");
    assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOf(ConfigException.class).hasMessageContaining(f.toString());
  }

  @Test
  void missingFileIsReported() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.toml"))).hasMessageContaining("not found");
  }

  @Test
  void badAddressIsRefused() throws Exception {
    Path f = write("domains = [\"example.test\"]\n[[listeners]]\nkind = \"smtp\"\naddress = \"localhost\"\n");
    assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining(":4").hasMessageContaining("HOST:PORT");
  }

  @Test
  void downgradeProtectionDefaultsToDeferFor30Days() throws Exception {
    ServerConfig c = ConfigLoader.load(write("domains = [\"example.test\"]\n[outbound]\ntls = \"may\"\n" + LISTENERS));
    assertThat(c.outbound().downgradeProtection()).isEqualTo(OutboundConfig.DowngradeProtection.DEFER);
    assertThat(c.outbound().downgradeMemory()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void delayWarningsDefaultToFourHoursForSendersWhoAskedAndCanBeTurnedOffOrWidened() throws Exception {
    ServerConfig d = ConfigLoader.load(write("domains = [\"example.test\"]\n" + LISTENERS));
    assertThat(d.outbound().delayWarning()).contains(Duration.ofHours(4));
    assertThat(d.outbound().delayWarningsWithoutNotify()).isFalse();
    ServerConfig off = ConfigLoader.load(write("domains = [\"example.test\"]\n[outbound]\ndelay-warning-hours = 0\n"
        + "delay-warnings-without-notify = true\n" + LISTENERS));
    assertThat(off.outbound().delayWarning()).isEmpty();
    assertThat(off.outbound().delayWarningsWithoutNotify()).isTrue();
    Path late = write("domains = [\"example.test\"]\n[outbound]\ngive-up-after-hours = 24\ndelay-warning-hours = 24\n"
        + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(late)).hasMessageContaining(":4")
        .hasMessageContaining("outbound.delay-warning-hours: must be 0 (no delay warnings) or between 1 and"
            + " give-up-after-hours (24), not 24");
  }

  @Test
  void tlsReportsAreSentByDefaultAndTheContactMustBeAnAddress() throws Exception {
    ServerConfig d = ConfigLoader.load(write("domains = [\"example.test\"]\n" + LISTENERS));
    assertThat(d.outbound().tlsReports()).isEqualTo(OutboundConfig.TlsReports.DEFAULT);
    assertThat(d.outbound().tlsReports().send()).isTrue();
    ServerConfig set = ConfigLoader.load(write("domains = [\"example.test\"]\n[outbound.tls-reports]\nsend = false\n"
        + "organization = \"Example Ltd\"\ncontact = \"tlsrpt@example.test\"\n" + LISTENERS));
    assertThat(set.outbound().tlsReports()).isEqualTo(new OutboundConfig.TlsReports(false,
        java.util.Optional.of("Example Ltd"), java.util.Optional.of("tlsrpt@example.test")));
    Path bad = write("domains = [\"example.test\"]\n[outbound.tls-reports]\ncontact = \"nobody\"\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(bad)).hasMessageContaining(":3")
        .hasMessageContaining("outbound.tls-reports.contact: 'nobody' is not a mail address");
  }

  @Test
  void aDomainEntryCanHaveItsOwnRelayhostButNotAlsoAHost() throws Exception {
    ServerConfig c = ConfigLoader.load(write("domains = [\"example.test\"]\n[[outbound.domains]]\ndomain = \"partner.test\"\n"
        + "[outbound.domains.relayhost]\nhost = \"smtp.partner.test\"\ntls = \"starttls\"\n" + LISTENERS));
    OutboundConfig.Relayhost r = c.outbound().domains().get("partner.test").relayhost().orElseThrow();
    assertThat(r.host()).isEqualTo("smtp.partner.test");
    assertThat(r.port()).isEqualTo(587);
    assertThat(r.implicitTls()).isFalse();
    Path both = write("domains = [\"example.test\"]\n[[outbound.domains]]\ndomain = \"partner.test\"\nhost = \"mx.partner.test\"\n"
        + "[outbound.domains.relayhost]\nhost = \"smtp.partner.test\"\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(both)).hasMessageContaining("outbound.domains.0.host: a domain goes"
        + " either to host (with tls) or through its relayhost");
  }

  @Test
  void dkimKeysAreReadRelativeToTheDataDirectoryAndChecked() throws Exception {
    ServerConfig c = ConfigLoader.load(write("domains = [\"example.test\"]\n[[dkim]]\ndomain = \"Example.Test\"\n"
        + "selector = \"2026a\"\nkey-file = \"dkim/a.pem\"\n[[dkim]]\ndomain = \"example.test\"\nselector = \"2026e\"\n"
        + "key-file = \"dkim/e.pem\"\n" + LISTENERS));
    assertThat(c.dkim()).extracting(ServerConfig.DkimKeyConfig::domain, ServerConfig.DkimKeyConfig::selector)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("example.test", "2026a"),
            org.assertj.core.groups.Tuple.tuple("example.test", "2026e"));
    assertThat(c.dkim().getFirst().keyFile()).isEqualTo(c.dataDir().resolve("dkim/a.pem"));
    Path bad = write("domains = [\"example.test\"]\n[[dkim]]\ndomain = \"example.test\"\nselector = \"a b\"\n"
        + "key-file = \"k.pem\"\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(bad)).hasMessageContaining("dkim.0.selector: 'a b' is not a DNS label");
    Path missing = write("domains = [\"example.test\"]\n[[dkim]]\ndomain = \"example.test\"\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(missing)).hasMessageContaining("domain, selector and key-file are all needed");
  }

  @Test
  void downgradeProtectionIsRead() throws Exception {
    ServerConfig c = ConfigLoader.load(write("domains = [\"example.test\"]\n[outbound]\n"
        + "downgrade-protection = \"alert\"\ndowngrade-memory-days = 90\n" + LISTENERS));
    assertThat(c.outbound().downgradeProtection()).isEqualTo(OutboundConfig.DowngradeProtection.ALERT);
    assertThat(c.outbound().downgradeMemory()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void unknownDowngradeProtectionNamesKeyLineAndChoices() throws Exception {
    Path f = write("domains = [\"example.test\"]\n[outbound]\ndowngrade-protection = \"Defer\"\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(f + ":3")
        .hasMessageContaining("outbound.downgrade-protection: 'Defer' is not one of defer, alert, off");
  }

  @Test
  void downgradeMemoryMustBePositiveAndBounded() throws Exception {
    Path zero = write("domains = [\"example.test\"]\n[outbound]\ndowngrade-memory-days = 0\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(zero)).hasMessageContaining(":3")
        .hasMessageContaining("outbound.downgrade-memory-days: must be a positive number, not 0");
    Path huge = write("domains = [\"example.test\"]\n[outbound]\ndowngrade-memory-days = 99999\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(huge)).hasMessageContaining(":3")
        .hasMessageContaining("outbound.downgrade-memory-days: must be at most 3650");
    Path text = write("domains = [\"example.test\"]\n[outbound]\ndowngrade-memory-days = \"month\"\n" + LISTENERS);
    assertThatThrownBy(() -> ConfigLoader.load(text)).hasMessageContaining(":3")
        .hasMessageContaining("outbound.downgrade-memory-days");
  }
}
