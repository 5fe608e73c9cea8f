package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and mutated input never throws, and anything refused is refused with a 5xx reply. */
class CommandParserPropertyTest {

  static final List<String> VALID = List.of(
      "EHLO mail.example.test", "HELO [192.0.2.1]", "EHLO [IPv6:2001:db8::1]",
      "MAIL FROM:<alice@example.test> SIZE=1000 BODY=8BITMIME", "MAIL FROM:<>",
      "MAIL FROM:<用户@例子.测试> SMTPUTF8", "MAIL FROM:<\"a b\"@c.test> RET=HDRS ENVID=x+2By AUTH=<>",
      "MAIL FROM:<@a.test,@b.test:user@c.test> REQUIRETLS",
      "RCPT TO:<bob@example.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;bob+2Bx@example.test",
      "RCPT TO:<Postmaster>", "RCPT TO:<user%other.test@ours.test>", "RCPT TO:<\"a@b\"@c.test>",
      "RCPT TO:<a@[192.0.2.7]> ORCPT=utf-8;\\x{7528}@example.test", "DATA", "BDAT 100 LAST", "RSET", "NOOP x",
      "QUIT", "VRFY smith", "EXPN list", "HELP MAIL", "STARTTLS", "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "AUTH LOGIN");

  private static final String ALPHABET = "<>@:;,.\"\\ =+[]-_/%!()AZaz09üé用户例\u0131\u017F\u0000\r\n\t\u0085";

  @Property(tries = 3000)
  void arbitraryStringsNeverThrow(@ForAll String line) {
    check(line);
  }

  @Property(tries = 3000)
  void smtpLookingStringsNeverThrow(@ForAll("smtpish") String line) {
    check(line);
  }

  @Property(tries = 5000)
  void mutatedValidCommandsNeverThrow(@ForAll("mutated") String line) {
    check(line);
  }

  @Property(tries = 100)
  void validCommandsParse(@ForAll("valid") String line) {
    assertThat(CommandParser.parse(line)).isInstanceOf(ParseResult.Parsed.class);
  }

  @Provide
  Arbitrary<String> valid() {
    return Arbitraries.of(VALID);
  }

  @Provide
  Arbitrary<String> smtpish() {
    Arbitrary<String> verb = Arbitraries.of("EHLO ", "HELO ", "MAIL FROM:", "RCPT TO:", "MAIL FROM:<", "RCPT TO:<",
        "BDAT ", "AUTH ", "DATA", "STARTTLS ", "VRFY ", "");
    Arbitrary<String> rest = Arbitraries.strings().withChars(ALPHABET).ofMaxLength(80);
    return Combinators.combine(verb, rest).as(String::concat);
  }

  /** A valid command with up to five random edits: insert, delete, replace or duplicate a slice. */
  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<Character> chars = Arbitraries.chars().with(ALPHABET.toCharArray());
    Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 200), Arbitraries.integers().between(0, 20), chars).as(Edit::new);
    return Combinators.combine(Arbitraries.of(VALID), edit.list().ofMaxSize(5)).as((line, edits) -> {
      String s = line;
      for (Edit e : edits) {
        s = e.apply(s);
      }
      return s;
    });
  }

  record Edit(int kind, int position, int length, char c) {
    String apply(String s) {
      int at = s.isEmpty() ? 0 : position % (s.length() + 1);
      int end = Math.min(s.length(), at + length);
      return switch (kind) {
        case 0 -> s.substring(0, at) + c + s.substring(at);
        case 1 -> s.substring(0, at) + s.substring(end);
        case 2 -> at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s + c;
        default -> s.substring(0, end) + s.substring(at, end) + s.substring(end);
      };
    }
  }

  static void check(String line) {
    ParseResult result = CommandParser.parse(line);
    switch (result) {
      case ParseResult.Rejected r -> {
        assertThat(r.reply().code()).isBetween(500, 599);
        // "Syntax error" is only the catch-all for a parser bug: it must never be reached.
        assertThat(r.reply().lines()).doesNotContain("Syntax error");
        assertThat(r.reply().status()).isPresent();
        assertThat(r.reply().toWire()).endsWith("\r\n");
      }
      case ParseResult.Parsed p -> checkParsed(p.command());
    }
  }

  /** Whatever was accepted is well-formed: addresses print back to themselves. */
  private static void checkParsed(SmtpCommand command) {
    switch (command) {
      case SmtpCommand.Mail m -> m.reversePath().mailbox().ifPresent(CommandParserPropertyTest::roundTrips);
      case SmtpCommand.Rcpt r -> {
        if (r.forwardPath() instanceof ForwardPath.To to) {
          roundTrips(to.mailbox());
        }
      }
      default -> assertThat(command.verb()).isNotEmpty();
    }
  }

  private static void roundTrips(Mailbox m) {
    assertThat(Mailbox.parse(m.toString())).isEqualTo(m);
    assertThat(Ascii.hasControl(m.toString())).isFalse();
  }
}
