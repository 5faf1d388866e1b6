// Script values as text: literal only, or in expcfg's template syntax.

#include "import/script_value.hpp"

#include "base/template_syntax.hpp"

namespace expcfg {

std::optional<std::string> literal_text(const ScriptValue& value) {
  std::string out;
  for (const Piece& piece : value) {
    if (piece.kind != Piece::Kind::Text) return std::nullopt;
    out += piece.text;
  }
  return out;
}

std::optional<std::string> template_text(const ScriptValue& value) {
  std::string out;
  for (const Piece& piece : value) {
    if (piece.kind == Piece::Kind::Text) {
      out += escape_template(piece.text);
      continue;
    }
    // `$` then `${env:X}` would read as the escape `$${`.
    if (!out.empty() && out.back() == '$') return std::nullopt;
    if (piece.kind == Piece::Kind::Env) {
      if (piece.fallback && (piece.fallback->find('}') != std::string::npos ||
                             piece.fallback->find("${") != std::string::npos)) {
        return std::nullopt;
      }
      out += piece.fallback ? "${env:" + piece.text + "," + *piece.fallback + "}"
                            : "${env:" + piece.text + "}";
    } else {
      out += "${fill:" + piece.text + "}";
    }
  }
  return out;
}

}  // namespace expcfg
