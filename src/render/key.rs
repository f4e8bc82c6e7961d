//! The key a page is remembered by: everything its template receives,
//! written in a compact encoding that only this comparison reads.
//!
//! JSON would do, but escaping every body's HTML into it was the largest
//! single cost of a `serve` rebuild. Here each value is a tag byte and its
//! contents; a string is its length and its bytes as they are; sequences,
//! maps and structs end with an end tag, so lengths need not be known in
//! advance (`#[serde(flatten)]` does not know them). Every value delimits
//! itself, so two different values never share a key: the keys are
//! compared whole, never hashed.

use std::fmt::Display;

use serde::ser::{self, Serialize};

/// `value`'s key. Fails only where `value`'s `Serialize` does.
pub(super) fn key<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, KeyError> {
    let mut writer = Writer(Vec::with_capacity(4096));
    value.serialize(&mut writer)?;
    Ok(writer.0)
}

/// A value that could not be serialized.
#[derive(Debug)]
pub(super) struct KeyError(String);

impl Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

impl ser::Error for KeyError {
    fn custom<T: Display>(message: T) -> Self {
        KeyError(message.to_string())
    }
}

/// What a value is, written before its contents.
mod tag {
    pub const FALSE: u8 = 0;
    pub const TRUE: u8 = 1;
    pub const SIGNED: u8 = 2;
    pub const UNSIGNED: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const STR: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const VARIANT: u8 = 11;
    pub const NEWTYPE: u8 = 12;
    pub const SEQ: u8 = 13;
    pub const MAP: u8 = 14;
    pub const STRUCT: u8 = 15;
    pub const END: u8 = 16;
}

struct Writer(Vec<u8>);

impl Writer {
    fn tagged(&mut self, tag: u8, bytes: &[u8]) {
        self.0.push(tag);
        self.0.extend_from_slice(bytes);
    }

    /// `bytes` after their length, seven bits to a byte (LEB128).
    fn sized(&mut self, tag: u8, bytes: &[u8]) {
        self.0.push(tag);
        let mut len = bytes.len();
        while len >= 0x80 {
            self.0.push((len & 0x7f) as u8 | 0x80);
            len >>= 7;
        }
        self.0.push(len as u8);
        self.0.extend_from_slice(bytes);
    }

    fn variant(&mut self, index: u32) {
        self.tagged(tag::VARIANT, &index.to_le_bytes());
    }
}

impl ser::Serializer for &mut Writer {
    type Ok = ();
    type Error = KeyError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), KeyError> {
        self.0.push(if v { tag::TRUE } else { tag::FALSE });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), KeyError> {
        self.serialize_i128(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), KeyError> {
        self.serialize_i128(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), KeyError> {
        self.serialize_i128(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), KeyError> {
        self.serialize_i128(v.into())
    }

    fn serialize_i128(self, v: i128) -> Result<(), KeyError> {
        self.tagged(tag::SIGNED, &v.to_le_bytes());
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), KeyError> {
        self.serialize_u128(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), KeyError> {
        self.serialize_u128(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), KeyError> {
        self.serialize_u128(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), KeyError> {
        self.serialize_u128(v.into())
    }

    fn serialize_u128(self, v: u128) -> Result<(), KeyError> {
        self.tagged(tag::UNSIGNED, &v.to_le_bytes());
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), KeyError> {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<(), KeyError> {
        self.tagged(tag::FLOAT, &v.to_bits().to_le_bytes());
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), KeyError> {
        self.tagged(tag::CHAR, &u32::from(v).to_le_bytes());
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), KeyError> {
        self.sized(tag::STR, v.as_bytes());
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), KeyError> {
        self.sized(tag::BYTES, v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), KeyError> {
        self.0.push(tag::NONE);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), KeyError> {
        self.0.push(tag::SOME);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), KeyError> {
        self.0.push(tag::UNIT);
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), KeyError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &str) -> Result<(), KeyError> {
        self.variant(index);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), KeyError> {
        self.0.push(tag::NEWTYPE);
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), KeyError> {
        self.variant(index);
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, KeyError> {
        self.0.push(tag::SEQ);
        Ok(self)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self, KeyError> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, KeyError> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, KeyError> {
        self.variant(index);
        self.serialize_seq(None)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self, KeyError> {
        self.0.push(tag::MAP);
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, KeyError> {
        self.0.push(tag::STRUCT);
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, KeyError> {
        self.variant(index);
        self.serialize_struct("", 0)
    }
}

/// Ends a sequence, map or struct.
fn end(writer: &mut Writer) -> Result<(), KeyError> {
    writer.0.push(tag::END);
    Ok(())
}

/// The sequence-like compounds: each element written in turn, then the end.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Writer {
            type Ok = ();
            type Error = KeyError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), KeyError> {
                value.serialize(&mut **self)
            }

            fn end(self) -> Result<(), KeyError> {
                end(self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Writer {
    type Ok = ();
    type Error = KeyError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), KeyError> {
        key.serialize(&mut **self)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), KeyError> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), KeyError> {
        end(self)
    }
}

impl ser::SerializeStruct for &mut Writer {
    type Ok = ();
    type Error = KeyError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), KeyError> {
        self.sized(tag::STR, name.as_bytes());
        value.serialize(&mut **self)
    }

    fn skip_field(&mut self, name: &'static str) -> Result<(), KeyError> {
        // A skipped field and an absent one read the same to a template,
        // but the key stays exact: the skip is written down.
        self.sized(tag::STR, name.as_bytes());
        self.0.push(tag::UNIT);
        Ok(())
    }

    fn end(self) -> Result<(), KeyError> {
        end(self)
    }
}

impl ser::SerializeStructVariant for &mut Writer {
    type Ok = ();
    type Error = KeyError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), KeyError> {
        ser::SerializeStruct::serialize_field(self, name, value)
    }

    fn skip_field(&mut self, name: &'static str) -> Result<(), KeyError> {
        ser::SerializeStruct::skip_field(self, name)
    }

    fn end(self) -> Result<(), KeyError> {
        end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::key;

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
        parts: Vec<&'a str>,
        note: Option<&'a str>,
        count: u32,
    }

    fn page<'a>(title: &'a str, parts: Vec<&'a str>, note: Option<&'a str>) -> Vec<u8> {
        key(&Page {
            title,
            parts,
            note,
            count: 2,
        })
        .unwrap()
    }

    #[test]
    fn equal_values_have_equal_keys() {
        assert_eq!(page("a", vec!["b"], None), page("a", vec!["b"], None));
        let text = String::from("a\"<b>\\\u{e9}");
        assert_eq!(key(&text).unwrap(), key(text.as_str()).unwrap());
    }

    #[test]
    fn different_values_have_different_keys() {
        let keys = [
            page("a", vec!["b"], None),
            page("ab", vec![], None),
            page("a", vec!["b", ""], None),
            page("a", vec!["", "b"], None),
            page("a", vec!["bc"], None),
            page("a", vec!["b", "c"], None),
            page("a", vec!["b"], Some("")),
            page("a", vec!["b"], Some("b")),
            page("", vec!["a", "b"], None),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let long = "x".repeat(300);
        assert_ne!(key(&long).unwrap(), key(&long[1..]).unwrap());
        assert_eq!(key(&long).unwrap().len(), 1 + 2 + 300);
        assert_ne!(key(&("a", "b")).unwrap(), key(&("ab", "")).unwrap());
        #[derive(Serialize)]
        enum Shape {
            Pair(u8, u8),
            Point { x: u8 },
        }
        let pair = key(&Shape::Pair(1, 2)).unwrap();
        assert_ne!(pair, key(&Shape::Pair(2, 1)).unwrap());
        assert_ne!(pair, key(&Shape::Point { x: 1 }).unwrap());
        assert_ne!(key(&1u32).unwrap(), key(&1i32).unwrap());
        assert_ne!(key(&true).unwrap(), key(&1u8).unwrap());
        assert_ne!(key(&0.5f64).unwrap(), key(&0.25f64).unwrap());
    }

    #[test]
    fn flattened_maps_and_json_values_have_keys() {
        #[derive(Serialize)]
        struct Outer<'a> {
            site: &'a str,
            #[serde(flatten)]
            own: BTreeMap<&'a str, serde_json::Value>,
        }
        let outer = |value: serde_json::Value| {
            key(&Outer {
                site: "s",
                own: BTreeMap::from([("cadence", value)]),
            })
            .unwrap()
        };
        let a = outer(serde_json::json!({"days": [14, 15], "late": null}));
        let b = outer(serde_json::json!({"days": [14, 16], "late": null}));
        assert_eq!(
            a,
            outer(serde_json::json!({"days": [14, 15], "late": null}))
        );
        assert_ne!(a, b);
    }
}
