package dev.ingestrunbooks.sandbox.materialize.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<String> texts(String sql) {
        return Lexer.lex(sql).stream().map(Token::text).toList();
    }

    @Test
    void foldsUnquotedWordsAndKeepsQuotedIdentifiers() {
        List<Token> tokens = Lexer.lex("CREATE SECRET \"PgPass\"\"x\" AS 'it''s'");
        assertThat(tokens).extracting(Token::kind).containsExactly(Token.Kind.WORD, Token.Kind.WORD,
                Token.Kind.QUOTED_IDENT, Token.Kind.WORD, Token.Kind.STRING);
        assertThat(tokens).extracting(Token::text).containsExactly("create", "secret", "PgPass\"x", "as", "it's");
    }

    @Test
    void skipsLineAndNestedBlockComments() {
        assertThat(texts("SELECT /* a /* nested */ b */ 1 -- trailing\n, 2")).containsExactly("select", "1", ",", "2");
    }

    @Test
    void lexesExtendedAndDollarStrings() {
        assertThat(texts("E'a\\nb\\'c' $$x'y$$ $tag$z$tag$")).containsExactly("a\nb'c", "x'y", "z");
    }

    @Test
    void lexesNumbersOperatorsAndPunctuation() {
        List<Token> tokens = Lexer.lex("PORT 5432, 1.5e3 = <> != :: [ ] $1 *");
        assertThat(tokens).extracting(Token::kind).containsExactly(Token.Kind.WORD, Token.Kind.NUMBER,
                Token.Kind.COMMA, Token.Kind.NUMBER, Token.Kind.EQ, Token.Kind.OPERATOR, Token.Kind.OPERATOR,
                Token.Kind.DOUBLE_COLON, Token.Kind.LBRACKET, Token.Kind.RBRACKET, Token.Kind.PARAMETER,
                Token.Kind.STAR);
        assertThat(tokens.get(3).text()).isEqualTo("1.5e3");
        assertThat(tokens.get(6).text()).isEqualTo("<>");
    }

    @Test
    void describesTokensAsMaterializeDoes() {
        assertThat(Lexer.lex("tables foo 'x' 5 ( ,").stream().map(Token::describe)).containsExactly("TABLES",
                "identifier \"foo\"", "string literal \"x\"", "number \"5\"", "left parenthesis", "comma");
    }

    @Test
    void reportsLexicalErrorsWithMaterializeTexts() {
        assertThatThrownBy(() -> Lexer.lex("SELECT 'abc")).isInstanceOf(MzException.class)
                .hasMessage("unterminated quoted string")
                .satisfies(e -> assertThat(((MzException) e).sqlState()).isEqualTo("42601"));
        assertThatThrownBy(() -> Lexer.lex("SELECT \"abc")).hasMessage("unterminated quoted identifier");
        assertThatThrownBy(() -> Lexer.lex("/* x")).hasMessage("unterminated multiline comment");
        assertThatThrownBy(() -> Lexer.lex("SELECT {")).hasMessage("unexpected character in input: {");
    }
}
