package dev.sealpost.protocol;

import static dev.sealpost.protocol.Commands.parsed;
import static dev.sealpost.protocol.Commands.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

  @Test
  void simpleVerbs() {
    assertThat(parsed("DATA")).isEqualTo(new SmtpCommand.Data());
    assertThat(parsed("RSET")).isEqualTo(new SmtpCommand.Rset());
    assertThat(parsed("QUIT")).isEqualTo(new SmtpCommand.Quit());
    assertThat(parsed("STARTTLS")).isEqualTo(new SmtpCommand.StartTls());
    assertThat(parsed("NOOP")).isEqualTo(new SmtpCommand.Noop());
  }

  @ParameterizedTest
  @ValueSource(strings = {"data", "Data", "dAtA"})
  void verbsAreCaseInsensitive(String verb) {
    assertThat(parsed(verb)).isEqualTo(new SmtpCommand.Data());
  }

  @Test
  void everyVerbReportsItsName() {
    assertThat(parsed("ehlo a.test").verb()).isEqualTo("EHLO");
    assertThat(parsed("helo a.test").verb()).isEqualTo("HELO");
    assertThat(parsed("mail from:<>").verb()).isEqualTo("MAIL");
    assertThat(parsed("rcpt to:<a@b.test>").verb()).isEqualTo("RCPT");
    assertThat(parsed("bdat 1").verb()).isEqualTo("BDAT");
    assertThat(parsed("vrfy x").verb()).isEqualTo("VRFY");
    assertThat(parsed("expn x").verb()).isEqualTo("EXPN");
    assertThat(parsed("help").verb()).isEqualTo("HELP");
    assertThat(parsed("auth plain").verb()).isEqualTo("AUTH");
    assertThat(parsed("starttls").verb()).isEqualTo("STARTTLS");
    assertThat(parsed("noop").verb()).isEqualTo("NOOP");
    assertThat(parsed("rset").verb()).isEqualTo("RSET");
    assertThat(parsed("quit").verb()).isEqualTo("QUIT");
    assertThat(parsed("data").verb()).isEqualTo("DATA");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "FOO", "MAILFROM:<a@b.test>", "EHLOa.test", " DATA", "DATA\tx", "HELLO a.test",
      "GET / HTTP/1.1", "STARTTLS2", "\u00e9HLO x"})
  void unknownVerb(String line) {
    SmtpReply reply = rejected(line, 500, "5.5.1");
    assertThat(reply.lines()).containsExactly("Command unrecognized");
  }

  /** U+017F and U+0131 upper-case to ASCII letters in Java; a verb must not match through them. */
  @ParameterizedTest
  @ValueSource(strings = {"\u017FTARTTLS", "MA\u0131L FROM:<>", "QU\u0131T", "RSE\u0165"})
  void nonAsciiLookalikesAreNotVerbs(String line) {
    rejected(line, 500, "5.5.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DATA x", "RSET x", "QUIT now", "STARTTLS x", "STARTTLS =", "starttls\u0020\u0020tls"})
  void noArgumentVerbsRefuseArguments(String line) {
    SmtpReply reply = rejected(line, 501, "5.5.4");
    assertThat(reply.lines().get(0)).startsWith("Syntax: ").contains("no arguments");
  }

  @Test
  void trailingSpacesAreNotAnArgument() {
    assertThat(parsed("DATA ")).isEqualTo(new SmtpCommand.Data());
    assertThat(parsed("QUIT   ")).isEqualTo(new SmtpCommand.Quit());
  }

  @Test
  void noopIgnoresItsArgument() {
    assertThat(parsed("NOOP anything at all")).isEqualTo(new SmtpCommand.Noop());
  }

  @Test
  void ehloAndHelo() {
    assertThat(parsed("EHLO mail.example.test")).isEqualTo(new SmtpCommand.Ehlo("mail.example.test"));
    assertThat(parsed("ehlo Mail.Example.TEST")).isEqualTo(new SmtpCommand.Ehlo("Mail.Example.TEST"));
    assertThat(parsed("EHLO localhost")).isEqualTo(new SmtpCommand.Ehlo("localhost"));
    assertThat(parsed("EHLO [192.0.2.1]")).isEqualTo(new SmtpCommand.Ehlo("[192.0.2.1]"));
    assertThat(parsed("EHLO [IPv6:2001:db8::1]")).isEqualTo(new SmtpCommand.Ehlo("[IPv6:2001:db8::1]"));
    assertThat(parsed("EHLO xn--fsqu00a.xn--0zwm56d")).isEqualTo(new SmtpCommand.Ehlo("xn--fsqu00a.xn--0zwm56d"));
    assertThat(parsed("HELO mail.example.test")).isEqualTo(new SmtpCommand.Helo("mail.example.test"));
    assertThat(parsed("HELO [192.0.2.1]")).isEqualTo(new SmtpCommand.Helo("[192.0.2.1]"));
    assertThat(parsed("EHLO  spaced.test ")).isEqualTo(new SmtpCommand.Ehlo("spaced.test"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"EHLO", "EHLO ", "EHLO a.test b.test", "EHLO under_score.test", "EHLO -a.test",
      "EHLO a..test", "EHLO a.test.", "EHLO 192.0.2.1", "EHLO [192.0.2.256]", "EHLO [not-an-ip]", "EHLO <a.test>",
      "EHLO a@b.test", "EHLO 例子.测试", "EHLO [IPv6:fe80::1%eth0]", "EHLO [192.0.2.1"})
  void ehloWithGarbage(String line) {
    SmtpReply reply = rejected(line, 501, "5.5.4");
    assertThat(reply.lines().get(0)).isEqualTo("Syntax: EHLO domain-or-address-literal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HELO", "HELO a b", "HELO bad_name"})
  void heloWithGarbage(String line) {
    assertThat(rejected(line, 501, "5.5.4").lines()).containsExactly("Syntax: HELO domain");
  }

  @Test
  void bdat() {
    assertThat(parsed("BDAT 1000")).isEqualTo(new SmtpCommand.Bdat(1000, false));
    assertThat(parsed("BDAT 0 LAST")).isEqualTo(new SmtpCommand.Bdat(0, true));
    assertThat(parsed("bdat 12 last")).isEqualTo(new SmtpCommand.Bdat(12, true));
    assertThat(parsed("BDAT " + Long.MAX_VALUE)).isEqualTo(new SmtpCommand.Bdat(Long.MAX_VALUE, false));
    assertThat(parsed("BDAT 007")).isEqualTo(new SmtpCommand.Bdat(7, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"BDAT", "BDAT LAST", "BDAT -1", "BDAT +1", "BDAT 1.5", "BDAT 9223372036854775808",
      "BDAT 99999999999999999999", "BDAT 1 LAST x", "BDAT 1 FIRST", "BDAT 0x10", "BDAT ١٢"})
  void bdatWithGarbage(String line) {
    assertThat(rejected(line, 501, "5.5.4").lines()).containsExactly("Syntax: BDAT chunk-size [LAST]");
  }

  @Test
  void vrfyExpnHelp() {
    assertThat(parsed("VRFY  Smith ")).isEqualTo(new SmtpCommand.Vrfy("Smith"));
    assertThat(parsed("EXPN staff list")).isEqualTo(new SmtpCommand.Expn("staff list"));
    assertThat(parsed("HELP")).isEqualTo(new SmtpCommand.Help(""));
    assertThat(parsed("HELP MAIL")).isEqualTo(new SmtpCommand.Help("MAIL"));
    rejected("VRFY", 501, "5.5.4");
    rejected("VRFY   ", 501, "5.5.4");
    assertThat(rejected("EXPN", 501, "5.5.4").lines()).containsExactly("Syntax: EXPN string");
  }

  @Test
  void auth() {
    assertThat(parsed("AUTH plain")).isEqualTo(new SmtpCommand.Auth("PLAIN", Optional.empty()));
    assertThat(parsed("AUTH PLAIN AGFsaWNlAHNlY3JldA=="))
        .isEqualTo(new SmtpCommand.Auth("PLAIN", Optional.of("AGFsaWNlAHNlY3JldA==")));
    assertThat(parsed("AUTH EXTERNAL =")).isEqualTo(new SmtpCommand.Auth("EXTERNAL", Optional.of("=")));
    assertThat(parsed("AUTH scram-sha-256")).isEqualTo(new SmtpCommand.Auth("SCRAM-SHA-256", Optional.empty()));
    assertThat(parsed("AUTH X_OAUTH2 dXNlcg==")).isEqualTo(new SmtpCommand.Auth("X_OAUTH2", Optional.of("dXNlcg==")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"AUTH", "AUTH PLAIN a b", "AUTH PL@IN", "AUTH ABCDEFGHIJKLMNOPQRSTU", "AUTH PLAİN"})
  void authSyntax(String line) {
    assertThat(rejected(line, 501, "5.5.4").lines()).containsExactly("Syntax: AUTH mechanism [initial-response]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"AUTH PLAIN abc", "AUTH PLAIN a=bc", "AUTH PLAIN ====", "AUTH PLAIN ab!c", "AUTH PLAIN ==",
      "AUTH PLAIN abc==="})
  void authBadBase64(String line) {
    rejected(line, 501, "5.5.2");
  }

  @Test
  void authToStringHidesTheCredentials() {
    SmtpCommand auth = parsed("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
    assertThat(auth.toString()).doesNotContain("AGFsaWNlAHNlY3JldA==").contains("PLAIN").contains("redacted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NOOP \r", "NOOP \n", "DATA\0", "QUIT\r\nRSET", "NOOP \u0001", "HELP \u001b[31m",
      "VRFY a\u007fb", "MAIL FROM:<a\u0001@b.test>"})
  void controlCharactersAreRefused(String line) {
    assertThat(rejected(line, 500, "5.5.2").lines()).containsExactly("Invalid character in command");
  }

  @Test
  void tabIsNotASeparatorButNotRefusedEither() {
    assertThat(parsed("NOOP \t")).isEqualTo(new SmtpCommand.Noop());
    rejected("DATA\t", 500, "5.5.1");
    rejected("MAIL FROM:\t<a@b.test>", 501, "5.5.4");
  }

  @Test
  void nullIsAnUnrecognizedCommandNotAnException() {
    rejected(null, 500, "5.5.1");
  }

  @Test
  void repliesNeverEchoClientText() {
    assertThat(rejected("XYZZY <script>").toWire()).doesNotContain("XYZZY").doesNotContain("script");
    assertThat(rejected("MAIL FROM:<evil\u0001@x.test>").toWire()).doesNotContain("evil");
  }
}
