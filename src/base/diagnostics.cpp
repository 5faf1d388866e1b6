#include "expcfg/diagnostics.hpp"

#include <algorithm>

#include "base/limits.hpp"

namespace expcfg {

std::string excerpt(std::string_view text) {
  if (text.size() <= limits::kMaxQuotedChars) return std::string(text);
  std::size_t cut = limits::kMaxQuotedChars - 20;
  // Back up over UTF-8 continuation bytes (10xxxxxx) to the start of a character.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("{}... ({} bytes)", text.substr(0, cut), text.size());
}

namespace {

/// The code point of the UTF-8 sequence at `text[at]` and its length, when it is a C1 control
/// or a format character that reorders or hides text (bidi overrides and isolates, marks).
std::optional<std::pair<char32_t, std::size_t>> hidden_character(std::string_view text,
                                                                 std::size_t at) {
  const auto byte = [&](std::size_t n) {
    return at + n < text.size() ? static_cast<unsigned char>(text[at + n]) : 0u;
  };
  if (byte(0) == 0xC2 && byte(1) >= 0x80 && byte(1) <= 0x9F) return std::pair{char32_t(byte(1)), 2};
  if (byte(0) == 0xD8 && byte(1) == 0x9C) return std::pair{char32_t{0x061C}, 2};
  if (byte(0) != 0xE2 || (byte(1) & 0xC0) != 0x80 || (byte(2) & 0xC0) != 0x80) return std::nullopt;
  const char32_t code = 0x2000 + ((byte(1) & 0x3Fu) << 6) + (byte(2) & 0x3Fu);
  const bool hides = code == 0x200E || code == 0x200F || (code >= 0x202A && code <= 0x202E) ||
                     (code >= 0x2066 && code <= 0x2069);
  if (!hides) return std::nullopt;
  return std::pair{code, std::size_t{3}};
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else if (auto hidden = c >= 0xC2 ? hidden_character(text, at) : std::nullopt) {
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(hidden->first));
      at += hidden->second - 1;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Origin::where() const {
  switch (kind) {
    case Kind::File: return fmt::format("{}:{}:{}", *loc.file, loc.line, loc.column);
    case Kind::Set: return fmt::format("--set {}", excerpt(text));
    case Kind::Unset: return fmt::format("--unset {}", excerpt(text));
    case Kind::Argument: return text;
    case Kind::Default:
    case Kind::Nowhere: break;
  }
  return "expcfg";
}

std::string Origin::label() const {
  switch (kind) {
    case Kind::File:
      if (!group.empty()) return fmt::format("{} ({}:{})", group, *loc.file, loc.line);
      return fmt::format("{}:{}", *loc.file, loc.line);
    case Kind::Set: return "--set";
    case Kind::Unset: return "--unset";
    case Kind::Argument: return text;
    case Kind::Default: return "default";
    case Kind::Nowhere: break;
  }
  return "";
}

std::string Origin::described() const {
  return group.empty() ? where() : fmt::format("{} ({})", group, where());
}

Diagnostic& Diagnostics::add(Category category, Origin origin, std::string message) {
  items_.push_back(
      Diagnostic{category, Severity::Error, std::move(origin), std::move(message), {}});
  return items_.back();
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

void Diagnostics::append_new(const Diagnostics& other) {
  const std::size_t before = items_.size();
  for (const auto& item : other.items_) {
    const bool seen = std::any_of(
        items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(before),
        [&](const Diagnostic& mine) {
          return mine.message == item.message && mine.origin.where() == item.origin.where();
        });
    if (!seen) items_.push_back(item);
  }
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& item) { return item.severity == Severity::Error; });
}

bool Diagnostics::has_usage_error() const {
  for (const auto& item : items_) {
    if (item.category == Category::Usage) return true;
  }
  return false;
}

std::string render(const Diagnostics& diagnostics) {
  std::string out;
  // Everything a configuration can put in a message (keys, values, file names) passes
  // through printable(): a config cannot move the cursor, recolour or reorder the terminal.
  for (const auto& item : diagnostics.items()) {
    out += fmt::format("{}: {}: {}\n", printable(item.origin.where()),
                       item.severity == Severity::Error ? "error" : "warning",
                       printable(item.message));
    for (const auto& note : item.notes) {
      if (note.origin.kind == Origin::Kind::Nowhere) {
        out += fmt::format("note: {}\n", printable(note.message));
      } else {
        out +=
            fmt::format("{}: note: {}\n", printable(note.origin.where()), printable(note.message));
      }
    }
  }
  return out;
}

}  // namespace expcfg
