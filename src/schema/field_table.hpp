#pragma once
/// Field declarations: one row per struct member, walked by every stage.
///
///   table.add("learning_rate", &S::learning_rate, "The initial learning rate for AdamW.");
///
/// The row's kind and nullability come from the member's C++ type, its default from the
/// struct's member initializer: nothing about a field is written twice.

#include <type_traits>
#include <variant>
#include <vector>

#include "expcfg/schema.hpp"
#include "schema/secret_fields.hpp"

namespace expcfg {

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
    for (const auto& [name, text] : std::get<Json>(v).items()) {
      map.emplace_back(name, text.get<std::string>());
    }
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
    spec.secret = is_secret_field_name(name);
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

/// Appends a typed table's specs to a runner's flat field list.
template <class S>
void append_fields(std::vector<FieldSpec>& out, const FieldTable<S>& table) {
  for (const auto& row : table.rows()) out.push_back(row.spec);
}

}  // namespace expcfg
