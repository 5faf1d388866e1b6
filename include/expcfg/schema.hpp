#pragma once
/// Field declarations: one row per struct member, walked by every stage.
///
///   table.add("learning_rate", &S::learning_rate, "The initial learning rate for AdamW.");
///
/// The row's kind and nullability come from the member's C++ type, its default from the
/// struct's member initializer: nothing about a field is written twice.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expcfg/arguments/launch.hpp"
#include "expcfg/value.hpp"
#include "expcfg/versions.hpp"

namespace expcfg {

/// The three argument groups of FlagEmbedding, and expcfg's own `launch`.
enum class Section { Model, Data, Training, Launch };
inline constexpr Section kSections[] = {Section::Model, Section::Data, Section::Training,
                                        Section::Launch};

/// "model", "data" or "training".
std::string_view section_name(Section section);
/// The section called `name`, if any.
std::optional<Section> find_section(std::string_view name);

using Choices = std::span<const std::string_view>;

/// Everything the generic stages know about one field.
struct FieldSpec {
  Section section = Section::Model;
  std::string_view name;
  Kind kind = Kind::String;
  bool nullable = false;
  /// Some layer must set it: it has no default (model_name_or_path) or FlagEmbedding
  /// cannot run without it (train_data).
  bool required = false;
  std::string_view help;
  /// Holds a credential (an access token): never written into a run record.
  bool secret = false;
  /// Allowed values of a string field (or of each word of a list field); empty: any.
  Choices choices;
  Value default_value;
  /// How the target transformers release's HfArgumentParser reads it, where the kind alone does
  /// not say: argparse's `type` ("int" for a float member: warmup_steps before 5.0; "dict": no
  /// command-line value) and `nargs` ("+": separate words). Empty: as the kind implies.
  std::string_view cli_type;
  std::string_view cli_nargs;
  /// What a None default turns into at run time when that depends on the machine
  /// ("every installed integration" for report_to before transformers 5).
  std::string_view default_note;

  /// The dotted key, "training.learning_rate".
  std::string key() const;
};

/// How each supported member type maps to a Kind and to and from a Value.
template <class T>
struct MemberType;

/// A member whose type is one Value alternative.
template <class T, Kind K>
struct PlainMember {
  static constexpr Kind kind = K;
  static constexpr bool nullable = false;
  static Value to_value(const T& v) { return Value(v); }
  static T from_value(const Value& v) { return std::get<T>(v); }
};
template <>
struct MemberType<bool> : PlainMember<bool, Kind::Bool> {};
template <>
struct MemberType<std::int64_t> : PlainMember<std::int64_t, Kind::Int> {};
template <>
struct MemberType<double> : PlainMember<double, Kind::Float> {};
template <>
struct MemberType<std::string> : PlainMember<std::string, Kind::String> {};
template <>
struct MemberType<StringList> : PlainMember<StringList, Kind::Strings> {};
template <>
struct MemberType<IntList> : PlainMember<IntList, Kind::Ints> {};
template <>
struct MemberType<Json> : PlainMember<Json, Kind::Mapping> {};

/// `launch.env`: held as a JSON object of strings.
template <>
struct MemberType<StringMap> {
  static constexpr Kind kind = Kind::Environment;
  static constexpr bool nullable = false;
  static Value to_value(const StringMap& map) {
    Json object = Json::object();
    for (const auto& [name, text] : map) object[name] = text;
    return object;
  }
  static StringMap from_value(const Value& v) {
    StringMap map;
    for (const auto& [name, text] : std::get<Json>(v).items()) map[name] = text.get<std::string>();
    return map;
  }
};

/// A two-way union member (`dict | str`, `str | list[str]`, `str | bool`): the Value holds
/// whichever alternative is set.
template <class A, class B, Kind K>
struct UnionMember {
  static constexpr Kind kind = K;
  static constexpr bool nullable = false;
  static Value to_value(const std::variant<A, B>& v) {
    return std::visit([](const auto& x) { return Value(x); }, v);
  }
  static std::variant<A, B> from_value(const Value& v) {
    if (const auto* a = std::get_if<A>(&v)) return *a;
    return std::get<B>(v);
  }
};
template <>
struct MemberType<DictOrString> : UnionMember<std::string, Json, Kind::MappingOrString> {};
template <>
struct MemberType<StringOrList> : UnionMember<std::string, StringList, Kind::StringOrStrings> {};
template <>
struct MemberType<BoolOrString> : UnionMember<bool, std::string, Kind::BoolOrText> {};

/// `Optional[T]`: None is std::nullopt.
template <class T>
struct MemberType<std::optional<T>> {
  static constexpr Kind kind = MemberType<T>::kind;
  static constexpr bool nullable = true;
  static Value to_value(const std::optional<T>& v) {
    return v ? MemberType<T>::to_value(*v) : Value(None{});
  }
  static std::optional<T> from_value(const Value& v) {
    if (is_none(v)) return std::nullopt;
    return MemberType<T>::from_value(v);
  }
};

/// A pointer to any supported member of S.
template <class S>
using MemberPtr = std::variant<  //
    bool S::*, std::optional<bool> S::*, std::int64_t S::*, std::optional<std::int64_t> S::*,
    double S::*, std::optional<double> S::*, std::string S::*, std::optional<std::string> S::*,
    StringList S::*, std::optional<StringList> S::*, IntList S::*, std::optional<Json> S::*,
    std::optional<DictOrString> S::*, StringOrList S::*, std::optional<StringOrList> S::*,
    BoolOrString S::*, std::optional<BoolOrString> S::*, StringMap S::*>;

/// Whether a field must be set by some layer.
enum class Required { No, Yes };

/// The rows of one argument struct S, in declaration order. Rows for a base class's members
/// can be added to a derived struct's table: `&Base::x` converts to `T Derived::*`.
template <class S>
class FieldTable {
 public:
  struct Row {
    FieldSpec spec;
    MemberPtr<S> member;
  };

  explicit FieldTable(Section section) : section_(section) {}

  void add(std::string_view name, MemberPtr<S> member, std::string_view help, Choices choices = {},
           Required required = Required::No) {
    FieldSpec spec;
    spec.section = section_;
    spec.name = name;
    spec.help = help;
    spec.choices = choices;
    spec.required = required == Required::Yes;
    static const S defaults{};
    std::visit(
        [&](auto ptr) {
          using T = std::remove_cvref_t<decltype(defaults.*ptr)>;
          spec.kind = MemberType<T>::kind;
          spec.nullable = MemberType<T>::nullable;
          spec.default_value = MemberType<T>::to_value(defaults.*ptr);
        },
        member);
    rows_.push_back(Row{std::move(spec), member});
  }

  /// Marks the field called `name` as holding a credential.
  void mark_secret(std::string_view name) {
    for (auto& row : rows_) {
      if (row.spec.name == name) row.spec.secret = true;
    }
  }

  /// A Python subclass that declares a base field again: the row keeps its place and takes
  /// the new help; the new default comes from S's own initialisation.
  void redeclare(std::string_view name, std::string_view help) {
    for (auto& row : rows_) {
      if (row.spec.name == name) row.spec.help = help;
    }
  }

  const std::vector<Row>& rows() const { return rows_; }

  /// Stores `value` (already checked against the row's kind) into `object`.
  static void assign(const Row& row, S& object, const Value& value) {
    std::visit(
        [&](auto ptr) {
          using T = std::remove_cvref_t<decltype(object.*ptr)>;
          object.*ptr = MemberType<T>::from_value(value);
        },
        row.member);
  }

 private:
  Section section_;
  std::vector<Row> rows_;
};

/// One FlagEmbedding fine-tuning entry point and its fields.
struct RunnerSchema {
  std::string_view name;    ///< "embedder.encoder_only.base"
  std::string_view module;  ///< "FlagEmbedding.finetune.embedder.encoder_only.base"
  /// model, data and training fields, each section in declaration order.
  std::vector<FieldSpec> fields;
  /// The transformers release these fields are of; nullopt: every supported release's fields
  /// (what layers may hold), with every release's choices.
  std::optional<Version> transformers;

  /// Index of `section.field_name` in `fields`.
  std::optional<std::size_t> find(Section section, std::string_view field_name) const;
  /// Index of the field called `field_name` in any section (names are unique across sections).
  std::optional<std::size_t> find(std::string_view field_name) const;
};

/// The runner used when no layer names one.
const RunnerSchema& default_runner();
/// The runner called `name`, or nullptr.
const RunnerSchema* find_runner(std::string_view name);
/// Every supported runner, in documentation order.
std::span<const RunnerSchema* const> all_runners();
/// These three give every supported release's fields. `runner_for` gives one release's: only
/// the fields it has, with its defaults, choices and command-line forms.
const RunnerSchema& runner_for(const RunnerSchema& runner, Version transformers);

struct Diagnostic;
/// Adds to an "unknown runner" error the closest runner name and the list of all of them.
void add_runner_notes(Diagnostic& error, std::string_view name);

/// Appends a typed table's specs to a runner's flat field list.
template <class S>
void append_fields(std::vector<FieldSpec>& out, const FieldTable<S>& table) {
  for (const auto& row : table.rows()) out.push_back(row.spec);
}

}  // namespace expcfg
