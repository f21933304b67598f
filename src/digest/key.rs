//! A map's key, as a selection picks the values it reads: its name is written into the
//! digest when its value is read, without making a `String` of every key of a map of
//! thousands.

use std::hash::Hasher;

use serde::ser::{self, Serialize};

use super::{Bytes, Error, Selection};

/// What a selection reads of the value of a key: `None` for nothing, `Some(None)` for
/// all of it, `Some(Some(s))` for what `s` reads.
pub(super) type Picked<'a> = Option<Option<&'a Selection>>;

/// Serializes a map's key to pick what is read of its value.
pub(super) struct KeyPick<'a, 'h> {
    /// What is read of the map; `None` for all of it.
    pub sel: Option<&'a Selection>,
    pub h: &'h mut Bytes,
}

impl<'a> KeyPick<'a, '_> {
    fn name(self, name: &str) -> Result<Picked<'a>, Error> {
        let picked = match self.sel {
            None => Some(None),
            Some(sel) => sel.field(name).map(Some),
        };
        if picked.is_some() {
            self.h.write_u64(name.len() as u64);
            self.h.write(name.as_bytes());
        }
        Ok(picked)
    }
}

fn not_a_name<T>() -> Result<T, Error> {
    Err(Error("not a name".into()))
}

impl<'a> ser::Serializer for KeyPick<'a, '_> {
    type Ok = Picked<'a>;
    type Error = Error;
    type SerializeSeq = ser::Impossible<Picked<'a>, Error>;
    type SerializeTuple = ser::Impossible<Picked<'a>, Error>;
    type SerializeTupleStruct = ser::Impossible<Picked<'a>, Error>;
    type SerializeTupleVariant = ser::Impossible<Picked<'a>, Error>;
    type SerializeMap = ser::Impossible<Picked<'a>, Error>;
    type SerializeStruct = ser::Impossible<Picked<'a>, Error>;
    type SerializeStructVariant = ser::Impossible<Picked<'a>, Error>;

    fn serialize_str(self, v: &str) -> Result<Picked<'a>, Error> {
        self.name(v)
    }
    fn serialize_char(self, v: char) -> Result<Picked<'a>, Error> {
        self.name(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, v: bool) -> Result<Picked<'a>, Error> {
        self.name(if v { "true" } else { "false" })
    }
    fn serialize_i64(self, v: i64) -> Result<Picked<'a>, Error> {
        self.name(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<Picked<'a>, Error> {
        self.name(&v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<Picked<'a>, Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Picked<'a>, Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Picked<'a>, Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Picked<'a>, Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Picked<'a>, Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Picked<'a>, Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_unit_variant(self, _: &str, _: u32, v: &str) -> Result<Picked<'a>, Error> {
        self.name(v)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Picked<'a>, Error> {
        value.serialize(self)
    }
    fn serialize_f32(self, _: f32) -> Result<Picked<'a>, Error> {
        not_a_name()
    }
    fn serialize_f64(self, _: f64) -> Result<Picked<'a>, Error> {
        not_a_name()
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Picked<'a>, Error> {
        not_a_name()
    }
    fn serialize_none(self) -> Result<Picked<'a>, Error> {
        not_a_name()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Picked<'a>, Error> {
        not_a_name()
    }
    fn serialize_unit(self) -> Result<Picked<'a>, Error> {
        not_a_name()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Picked<'a>, Error> {
        not_a_name()
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Picked<'a>, Error> {
        not_a_name()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        not_a_name()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        not_a_name()
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        not_a_name()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        not_a_name()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        not_a_name()
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        not_a_name()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        not_a_name()
    }
}
