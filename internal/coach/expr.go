package coach

import (
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode"
)

// exprString writes re as an expression that parses back to the same
// language: what (*syntax.Regexp).String does, without its search for the
// fewest flags. That search walks every rune of a character class through
// unicode.SimpleFold, and a class such as [^.!?] or \W spans the whole of
// Unicode: printing the pattern set's trees that way took a fifth of the
// time an analyser takes to load. The expressions written here carry no
// flags but a (?i:) around a literal that folds case, (?s:.) and (?m:^) and
// (?m:$), each where the tree has it.
func exprString(re *syntax.Regexp) string {
	var b strings.Builder
	writeExpr(&b, re)
	return b.String()
}

func writeExpr(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpNoMatch:
		b.WriteString(`[^\x00-\x{10FFFF}]`)
	case syntax.OpEmptyMatch:
		b.WriteString(`(?:)`)
	case syntax.OpLiteral:
		fold := re.Flags&syntax.FoldCase != 0 && foldsCase(re.Rune)
		if fold {
			b.WriteString(`(?i:`)
		}
		for _, r := range re.Rune {
			writeRune(b, r, false)
		}
		if fold {
			b.WriteByte(')')
		}
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			b.WriteString(`[^\x00-\x{10FFFF}]`)
			return
		}
		b.WriteByte('[')
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			writeRune(b, lo, true)
			if hi != lo {
				b.WriteByte('-')
				writeRune(b, hi, true)
			}
		}
		b.WriteByte(']')
	case syntax.OpAnyCharNotNL:
		b.WriteString(`(?-s:.)`)
	case syntax.OpAnyChar:
		b.WriteString(`(?s:.)`)
	case syntax.OpBeginLine:
		b.WriteString(`(?m:^)`)
	case syntax.OpEndLine:
		b.WriteString(`(?m:$)`)
	case syntax.OpBeginText:
		b.WriteString(`\A`)
	case syntax.OpEndText:
		b.WriteString(`\z`)
	case syntax.OpWordBoundary:
		b.WriteString(`\b`)
	case syntax.OpNoWordBoundary:
		b.WriteString(`\B`)
	case syntax.OpCapture:
		b.WriteByte('(')
		if re.Name != "" {
			b.WriteString("?P<" + re.Name + ">")
		}
		writeExpr(b, re.Sub[0])
		b.WriteByte(')')
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		writeAtom(b, re.Sub[0])
		switch re.Op {
		case syntax.OpStar:
			b.WriteByte('*')
		case syntax.OpPlus:
			b.WriteByte('+')
		case syntax.OpQuest:
			b.WriteByte('?')
		default:
			b.WriteByte('{')
			b.WriteString(strconv.Itoa(re.Min))
			if re.Max != re.Min {
				b.WriteByte(',')
				if re.Max >= 0 {
					b.WriteString(strconv.Itoa(re.Max))
				}
			}
			b.WriteByte('}')
		}
		if re.Flags&syntax.NonGreedy != 0 {
			b.WriteByte('?')
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if sub.Op == syntax.OpAlternate {
				writeGroup(b, sub)
			} else {
				writeExpr(b, sub)
			}
		}
	case syntax.OpAlternate:
		for i, sub := range re.Sub {
			if i > 0 {
				b.WriteByte('|')
			}
			writeExpr(b, sub)
		}
	default:
		// an operator this printer does not know: the standard one
		b.WriteString(`(?:` + re.String() + `)`)
	}
}

// writeAtom writes re as the operand of a repetition: grouped unless it is
// a single rune, class or group already.
func writeAtom(b *strings.Builder, re *syntax.Regexp) {
	switch {
	case re.Op == syntax.OpLiteral && len(re.Rune) == 1 && re.Flags&syntax.FoldCase == 0,
		re.Op == syntax.OpCharClass, re.Op == syntax.OpCapture:
		writeExpr(b, re)
	default:
		writeGroup(b, re)
	}
}

func writeGroup(b *strings.Builder, re *syntax.Regexp) {
	b.WriteString(`(?:`)
	writeExpr(b, re)
	b.WriteByte(')')
}

// writeRune writes r so that it stands for itself, in a class or out of
// one.
func writeRune(b *strings.Builder, r rune, inClass bool) {
	special := `\.+*?()|[]{}^$`
	if inClass {
		special = `\[]^-`
	}
	switch {
	case r < utf8RuneSelf && strings.ContainsRune(special, r):
		b.WriteByte('\\')
		b.WriteRune(r)
	case unicode.IsPrint(r) && r != ' ' || r == ' ' && !inClass:
		b.WriteRune(r)
	default:
		b.WriteString(`\x{`)
		b.WriteString(strconv.FormatInt(int64(r), 16))
		b.WriteByte('}')
	}
}

// foldsCase reports whether any of the runes has another case.
func foldsCase(rs []rune) bool {
	for _, r := range rs {
		if unicode.SimpleFold(r) != r {
			return true
		}
	}
	return false
}

// matchesEmpty reports whether re matches the empty text, as
// regexp.MustCompile(re.String()).MatchString("") would: there, the start
// and the end of the text and of a line hold, and a word boundary does not.
func matchesEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpStar, syntax.OpQuest,
		syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText, syntax.OpNoWordBoundary:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return matchesEmpty(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || matchesEmpty(re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !matchesEmpty(sub) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if matchesEmpty(sub) {
				return true
			}
		}
		return false
	}
	// a class, any character, a word boundary, no match
	return false
}
