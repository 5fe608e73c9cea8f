package dev.sealpost.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The record and macro parsers on random input: a record or a permerror, never anything else. */
class SpfParserPropertyTest {

  @Property(tries = 3000)
  void aRecordParsesOrIsAPermerror(@ForAll("recordish") String body) {
    try {
      SpfRecord r = SpfRecord.parse("v=spf1 " + body);
      assertThat(r.directives().size()).isLessThanOrEqualTo(body.length());
    } catch (SpfException e) {
      assertThat(e.result()).isEqualTo(SpfResult.PERMERROR);
      assertThat(e.getMessage()).isNotEmpty();
    }
  }

  @Property(tries = 3000)
  void aMacroStringExpandsOrIsAPermerror(@ForAll("macroish") String text) {
    try {
      String out = MacroString.expand(text, letter -> "a.b-c_d", true);
      assertThat(out).doesNotContain("\r").doesNotContain("\n");
    } catch (SpfException e) {
      assertThat(e.result()).isEqualTo(SpfResult.PERMERROR);
    }
  }

  @Provide
  Arbitrary<String> recordish() {
    Arbitrary<String> pieces = Arbitraries.of("a", "mx", "ptr", "ip4:", "ip6:", "include:", "exists:", "all", "redirect=",
        "exp=", "-", "+", "~", "?", "/", "//", "24", "0", "129", ":", ".", "example.com", "%{d}", "%{i1r}", "%%", " ",
        "  ", "=", "x", "\u0080", "\t", "192.0.2.1", "::1", "v=spf1");
    return pieces.list().ofMaxSize(12).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> macroish() {
    Arbitrary<String> pieces = Arbitraries.of("%", "{", "}", "s", "l", "o", "d", "i", "p", "h", "v", "c", "r", "t", "x",
        "S", "1", "0", "99999", "r", ".", "-", "+", ",", "/", "_", "=", "a", " ", "%%", "%_", "%-", "\u00e9");
    return pieces.list().ofMaxSize(15).map(l -> String.join("", l));
  }
}
