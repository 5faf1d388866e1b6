#include "expcfg/diagnostics.hpp"

#include <algorithm>

#include "expcfg/limits.hpp"

namespace expcfg {

std::string excerpt(std::string_view text) {
  if (text.size() <= limits::kMaxQuotedChars) return std::string(text);
  std::size_t cut = limits::kMaxQuotedChars - 20;
  // Back up over UTF-8 continuation bytes (10xxxxxx) to the start of a character.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("{}... ({} bytes)", text.substr(0, cut), text.size());
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
    case Kind::File: return fmt::format("{}:{}", *loc.file, loc.line);
    case Kind::Set: return "--set";
    case Kind::Unset: return "--unset";
    case Kind::Argument: return text;
    case Kind::Default: return "default";
    case Kind::Nowhere: break;
  }
  return "";
}

Diagnostic& Diagnostics::add(Category category, Origin origin, std::string message) {
  items_.push_back(
      Diagnostic{category, Severity::Error, std::move(origin), std::move(message), {}});
  return items_.back();
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
  for (const auto& item : diagnostics.items()) {
    out += fmt::format("{}: {}: {}\n", item.origin.where(),
                       item.severity == Severity::Error ? "error" : "warning", item.message);
    for (const auto& note : item.notes) {
      if (note.origin.kind == Origin::Kind::Nowhere) {
        out += fmt::format("note: {}\n", note.message);
      } else {
        out += fmt::format("{}: note: {}\n", note.origin.where(), note.message);
      }
    }
  }
  return out;
}

}  // namespace expcfg
