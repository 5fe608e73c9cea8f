package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated valid mailboxes survive toString, parseMailbox and a trip through RCPT TO. */
class AddressPropertyTest {

  private static final String ATEXT = "abcXYZ019!#$%&'*+-/=?^_`{|}~äü用户";

  @Property(tries = 2000)
  void mailboxToStringParsesBack(@ForAll("mailboxes") Mailbox m) {
    String text = m.toString();
    Mailbox back = AddressParser.parseMailbox(text);
    assertThat(back).isEqualTo(m);
    assertThat(back.toString()).isEqualTo(text);
    assertThat(back.quotedLocalPart()).isEqualTo(text.startsWith("\""));
    assertThat(back.needsSmtpUtf8()).isEqualTo(!Ascii.isAscii(text));
  }

  @Property(tries = 1000)
  void mailboxSurvivesRcpt(@ForAll("mailboxes") Mailbox m) {
    RcptParameters never = new RcptParameters(Set.of(DsnNotify.NEVER), Optional.empty());
    assertThat(CommandParser.parse("RCPT TO:<" + m + "> NOTIFY=NEVER"))
        .isEqualTo(new ParseResult.Parsed(new SmtpCommand.Rcpt(new ForwardPath.To(m), never)));
    assertThat(CommandParser.parse("MAIL FROM:<" + m + ">"))
        .isEqualTo(new ParseResult.Parsed(new SmtpCommand.Mail(ReversePath.of(m), MailParameters.NONE)));
  }

  @Property(tries = 1000)
  void arbitraryTextIsAMailboxOrAnIllegalArgument(@ForAll("addressish") String text) {
    try {
      Mailbox m = AddressParser.parseMailbox(text);
      assertThat(Mailbox.parse(m.toString())).isEqualTo(m);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotEmpty();
    }
  }

  @Provide
  Arbitrary<String> addressish() {
    return Arbitraries.strings().withChars("a.@\"\\ []:-xn例ü\u0131\ud800IPv6").ofMaxLength(40);
  }

  @Provide
  Arbitrary<Mailbox> mailboxes() {
    Arbitrary<String> local = Arbitraries.oneOf(dotString(), quotedContent());
    Arbitrary<MailDomain> domain = Arbitraries.oneOf(domains(), domains(), literals());
    return Combinators.combine(local, domain).as((l, d) -> {
      Assume.that(LocalPart.octets(LocalPart.render(l)) <= 64);
      Assume.that(LocalPart.octets(LocalPart.render(l)) + 1 + LocalPart.octets(d.toString()) <= 254);
      return new Mailbox(l, d);
    });
  }

  private Arbitrary<String> dotString() {
    Arbitrary<String> atom = Arbitraries.strings().withChars(ATEXT).ofMinLength(1).ofMaxLength(10);
    return atom.list().ofMinSize(1).ofMaxSize(4).map(atoms -> String.join(".", atoms));
  }

  /** Anything a Quoted-string can carry: printable ASCII (with '"' and '\'), space and UTF-8. */
  private Arbitrary<String> quotedContent() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars("é用\u00a0").ofMaxLength(30);
  }

  private Arbitrary<MailDomain> domains() {
    Arbitrary<String> label = Arbitraries.strings().withChars("abz09-例子ü").ofMinLength(1).ofMaxLength(12)
        .filter(s -> !s.startsWith("-") && !s.endsWith("-") && !s.startsWith("xn--") && s.indexOf("--") != 2);
    Arbitrary<String> top = Arbitraries.strings().withChars("abcxyz").ofMinLength(2).ofMaxLength(6);
    return Combinators.combine(label.list().ofMaxSize(3), top).as((labels, tld) -> {
      String text = labels.isEmpty() ? tld : String.join(".", labels) + "." + tld;
      try {
        return Domain.parse(text);
      } catch (IllegalArgumentException e) {
        Assume.that(false);
        throw e;
      }
    });
  }

  private Arbitrary<MailDomain> literals() {
    Arbitrary<MailDomain> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4)
        .map(b -> AddressLiteral.parse("[" + host(b) + "]"));
    Arbitrary<MailDomain> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16)
        .filter(b -> !isV4Mapped(b))
        .map(b -> AddressLiteral.parse("[IPv6:" + host(b) + "]"));
    return Arbitraries.oneOf(v4, v6);
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private static String host(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
