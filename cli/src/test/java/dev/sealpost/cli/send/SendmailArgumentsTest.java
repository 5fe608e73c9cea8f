package dev.sealpost.cli.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SendmailArgumentsTest {

  private static SendmailArguments parse(String... a) {
    return SendmailArguments.parse(List.of(a));
  }

  @Test
  void phpMailAndCronStyles() {
    SendmailArguments php = parse("-t", "-i");
    assertThat(php.recipientsFromHeaders()).isTrue();
    assertThat(php.dotIsData()).isTrue();
    assertThat(php.recipients()).isEmpty();

    // cron: sendmail -FCronDaemon -i -B8BITMIME -oem root
    SendmailArguments cron = parse("-FCronDaemon", "-i", "-B8BITMIME", "-oem", "root@example.test");
    assertThat(cron.fullName()).isEqualTo("CronDaemon");
    assertThat(cron.recipients()).containsExactly("root@example.test");
    assertThat(cron.ignored()).containsExactly("-B8BITMIME", "-oem");
  }

  @Test
  void senderAttachedOrSeparate() {
    assertThat(parse("-fbounce@example.test", "a@example.test").sender()).isEqualTo("bounce@example.test");
    assertThat(parse("-f", "bounce@example.test", "a@example.test").sender()).isEqualTo("bounce@example.test");
    assertThat(parse("-r", "old@example.test").sender()).isEqualTo("old@example.test");
    assertThat(parse("-oi", "-f", "<>", "a@example.test").sender()).isEqualTo("<>");
  }

  @Test
  void doubleDashEndsOptions() {
    SendmailArguments a = parse("-oi", "--", "-odd@example.test", "b@example.test");
    assertThat(a.recipients()).containsExactly("-odd@example.test", "b@example.test");
    assertThat(a.dotIsData()).isTrue();
  }

  @Test
  void configOption() {
    assertThat(parse("--config", "/etc/x.toml", "-t").configFile()).isEqualTo("/etc/x.toml");
    assertThat(parse("--config=/etc/y.toml").configFile()).isEqualTo("/etc/y.toml");
  }

  @Test
  void otherModesAreRefusedByName() {
    assertThatThrownBy(() -> parse("-bp")).hasMessageContaining("-bp");
    assertThatThrownBy(() -> parse("-bs")).hasMessageContaining("-bs");
    assertThatThrownBy(() -> parse("-q")).hasMessageContaining("no local queue");
    assertThatThrownBy(() -> parse("-Z")).hasMessageContaining("unknown sendmail option -Z");
    assertThatThrownBy(() -> parse("-f")).hasMessageContaining("-f needs a value");
    assertThat(parse("-bm", "a@example.test").recipients()).containsExactly("a@example.test");
  }
}
