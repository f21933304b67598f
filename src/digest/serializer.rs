//! A serde serializer that feeds a hasher with what a [`Selection`] reads of a value:
//! fields and elements that are not read are never serialized. Every value read is
//! written with a tag of its kind, and every string and list with its length, so two
//! different values never write the same bytes.

use std::hash::Hasher;

use serde::ser::{self, Serialize};

use super::key::{KeyPick, Picked};
use super::{Bytes, Error, Selection};

/// Feeds `h` with `value`: all of it (`selection` is `None`), or what `selection` reads.
pub(super) fn digest_into<T: Serialize + ?Sized>(
    h: &mut Bytes,
    value: &T,
    selection: Option<&Selection>,
) {
    let sel = selection.filter(|s| !s.whole);
    // The serializer itself never fails; a value's own Serialize may (a map with keys
    // that are not strings): its error is written, so the digest still differs.
    if let Err(e) = value.serialize(Digest { h, sel }) {
        h.write(e.0.as_bytes());
    }
}

/// Tags of the kinds of values.
pub(super) mod tag {
    pub const NONE: u8 = 0;
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const STR: u8 = 5;
    pub const BYTES: u8 = 6;
    pub const LIST: u8 = 7;
    pub const MAP: u8 = 8;
    pub const VARIANT: u8 = 9;
    pub const SKIPPED: u8 = 10;
    pub const END: u8 = 11;
}

struct Digest<'a> {
    h: &'a mut Bytes,
    /// `None`: the whole value.
    sel: Option<&'a Selection>,
}

impl<'a> Digest<'a> {
    fn str(self, v: &str) {
        self.h.write_u8(tag::STR);
        self.h.write_u64(v.len() as u64);
        self.h.write(v.as_bytes());
    }

    fn compound(self, kind: u8) -> Compound<'a> {
        self.h.write_u8(kind);
        Compound {
            digest: self,
            count: 0,
            picked: None,
        }
    }
}

/// A list, map or struct being digested: what it holds is written as it comes, then
/// how many of each it held.
struct Compound<'a> {
    digest: Digest<'a>,
    count: u64,
    /// What the selection reads of the value of the map's key just seen.
    picked: Picked<'a>,
}

impl Compound<'_> {
    fn h(&mut self) -> &mut Bytes {
        self.digest.h
    }

    /// An element of a list.
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) {
        self.count += 1;
        let element = match self.digest.sel {
            None => Some(None),
            Some(sel) => sel.element().map(Some),
        };
        match element {
            None => self.h().write_u8(tag::SKIPPED),
            Some(sel) => digest_into(self.h(), value, sel),
        }
    }

    /// A field of a struct, or an entry of a map.
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.count += 1;
        let sel = match self.digest.sel {
            None => Some(None),
            Some(sel) => sel.field(name).map(Some),
        };
        if let Some(sel) = sel {
            self.h().write_u64(name.len() as u64);
            self.h().write(name.as_bytes());
            digest_into(self.h(), value, sel);
        }
    }

    fn end(mut self) {
        let count = self.count;
        self.h().write_u8(tag::END);
        self.h().write_u64(count);
    }
}

impl<'a> ser::Serializer for Digest<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.h.write_u8(tag::BOOL);
        self.h.write_u8(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.h.write_u8(tag::INT);
        self.h.write_i64(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.h.write_u8(tag::INT);
        self.h.write_i128(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.h.write_u8(tag::UINT);
        self.h.write_u64(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.h.write_u8(tag::UINT);
        self.h.write_u128(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.h.write_u8(tag::FLOAT);
        self.h.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.h.write_u8(tag::BYTES);
        self.h.write_u64(v.len() as u64);
        self.h.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.h.write_u8(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &str) -> Result<(), Error> {
        self.str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.h.write_u8(tag::VARIANT);
        self.h.write(variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Ok(self.compound(tag::LIST))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Ok(self.compound(tag::LIST))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Ok(self.compound(tag::LIST))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        self.h.write_u8(tag::VARIANT);
        self.h.write(variant.as_bytes());
        Ok(self.compound(tag::LIST))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Ok(self.compound(tag::MAP))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Ok(self.compound(tag::MAP))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        self.h.write_u8(tag::VARIANT);
        self.h.write(variant.as_bytes());
        Ok(self.compound(tag::MAP))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value);
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value);
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value);
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value);
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let sel = self.digest.sel;
        self.picked = key
            .serialize(KeyPick { sel, h: self.h() })
            .unwrap_or_else(|_| {
                // A key that is not a string or a number: its value is read whole.
                self.h().write_u8(tag::SKIPPED);
                Some(None)
            });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.count += 1;
        if let Some(sel) = self.picked.take() {
            digest_into(self.h(), value, sel);
        }
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value);
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value);
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}
