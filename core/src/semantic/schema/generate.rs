//! The macro that turns the attribute table (`table.rs`) into code: the
//! [`Settings`](super::Settings) struct, its provenance lookup, the
//! layering of one `Settings` over another, the lowering dispatch, the
//! value comparison lints use, and the [`ATTRIBUTES`](super::ATTRIBUTES)
//! table every other consumer reads. Because all of these come from one
//! list, a row cannot be handled by one of them and forgotten by another.

/// `top` over `base` for one field: `replace` lets the written value win
/// whole, `append(f)` merges a `+=` entry into the inherited value with `f`.
macro_rules! overlay_field {
    (replace; $base:expr, $top:expr) => {
        $crate::semantic::inherit::replace($base, $top)
    };
    (append($merge:path); $base:expr, $top:expr) => {
        $crate::semantic::inherit::layer($base, $top, |a, b| $merge(a, b))
    };
}

macro_rules! merge_kind {
    (replace) => {
        $crate::semantic::schema::Merge::Replace
    };
    (append($merge:path)) => {
        $crate::semantic::schema::Merge::Append
    };
}

macro_rules! attribute_schema {
    (
        settings {
            $(
                $(#[$meta:meta])*
                $field:ident : $ty:ty {
                    lower: |$cx:ident, $v:ident, $what:ident| $lower:expr,
                    merge: $merge:ident $(($merge_fn:path))?,
                    $($key:ident : $val:expr),* $(,)?
                }
            ),* $(,)?
        }
        structure {
            $(
                $sname:ident { $($skey:ident : $sval:expr),* $(,)? }
            ),* $(,)?
        }
    ) => {
        /// Every attribute an env, task or override can resolve to, one
        /// field per setting row of the attribute table.
        ///
        /// On an [`Env`](crate::semantic::model::Env) only env attributes are
        /// set; on a [`Task`](crate::semantic::model::Task) and an
        /// [`Override`](crate::semantic::model::Override) this is the
        /// effective, merged view.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Settings {
            $( $(#[$meta])* pub $field: Option<Setting<$ty>>, )*
        }

        /// Every attribute name [`Settings`] can hold, in field order.
        pub const SETTING_NAMES: &[&str] = &[ $( stringify!($field), )* ];

        /// Every attribute of envs, templates and overrides: the rows that
        /// shape a template (`module`, `inputs`, `sql`, …) and hold no
        /// setting, then the setting rows in [`Settings`] field order.
        pub const ATTRIBUTES: &[AttrSchema] = &[
            $( AttrSchema {
                name: stringify!($sname),
                setting: false,
                $($skey: $sval,)*
                ..AttrSchema::DEFAULT
            }, )*
            $( AttrSchema {
                name: stringify!($field),
                setting: true,
                merge: merge_kind!($merge $(($merge_fn))?),
                $($key: $val,)*
                ..AttrSchema::DEFAULT
            }, )*
        ];

        impl Settings {
            /// Provenance of an attribute by its `.task` name.
            pub fn provenance(&self, name: &str) -> Option<&Provenance> {
                match name {
                    $( stringify!($field) => self.$field.as_ref().map(|s| &s.provenance), )*
                    _ => None,
                }
            }
        }

        /// `top` layered over `base` (docs/language.md §3.3): a written
        /// value replaces the inherited one whole, `+=` merges where the
        /// attribute allows it.
        pub(crate) fn overlay(base: &Settings, top: &Settings) -> Settings {
            Settings {
                $( $field: overlay_field!($merge $(($merge_fn))?; &base.$field, &top.$field), )*
            }
        }

        /// Lower the written `attr` into its field of `settings`. Returns
        /// false when the value was rejected (its diagnostics are pushed).
        pub(crate) fn lower_into(
            cx: &mut Cx,
            name: &str,
            v: &Value,
            origin: Origin,
            settings: &mut Settings,
        ) -> bool {
            fn put<T>(slot: &mut Option<Setting<T>>, value: Option<T>, origin: Origin) -> bool {
                match value {
                    Some(value) => {
                        *slot = Some(Setting::new(value, origin));
                        true
                    }
                    None => false,
                }
            }
            match name {
                $( stringify!($field) => {
                    let lower: fn(&mut Cx, &Value, &str) -> Option<$ty> =
                        |$cx, $v, $what| $lower;
                    put(&mut settings.$field, lower(cx, v, name), origin)
                } )*
                _ => false,
            }
        }

        /// Whether attribute `name` holds the same value in `a` and `b`,
        /// wherever each is written: `None` when either leaves it unset.
        pub(crate) fn same_setting(name: &str, a: &Settings, b: &Settings) -> Option<bool> {
            fn cmp<T: SameValue>(a: &Option<Setting<T>>, b: &Option<Setting<T>>) -> Option<bool> {
                Some(a.as_ref()?.value.same(&b.as_ref()?.value))
            }
            match name {
                $( stringify!($field) => cmp(&a.$field, &b.$field), )*
                _ => None,
            }
        }
    };
}
