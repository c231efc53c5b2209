//! `data.ts` and `interfaces/index.ts` of the Next.js example.

use serde::Serialize;

/// A person, every field a string as in the original's `Person` type. Fields serialize in
/// declaration order, which is the order of the JSON keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: &'static str,
    pub name: &'static str,
    pub height: &'static str,
    pub mass: &'static str,
    pub hair_color: &'static str,
    pub skin_color: &'static str,
    pub eye_color: &'static str,
    pub gender: &'static str,
}

/// The original's `ResponseError`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseError {
    pub message: String,
}

const fn person(
    id: &'static str,
    name: &'static str,
    [height, mass]: [&'static str; 2],
    [hair_color, skin_color, eye_color]: [&'static str; 3],
    gender: &'static str,
) -> Person {
    Person {
        id,
        name,
        height,
        mass,
        hair_color,
        skin_color,
        eye_color,
        gender,
    }
}

/// The ten people of `data.ts`, in order.
pub const PEOPLE: [Person; 10] = [
    person(
        "1",
        "Luke Skywalker",
        ["172", "77"],
        ["blond", "fair", "blue"],
        "male",
    ),
    person(
        "2",
        "C-3PO",
        ["167", "75"],
        ["n/a", "gold", "yellow"],
        "n/a",
    ),
    person(
        "3",
        "R2-D2",
        ["96", "32"],
        ["n/a", "white, blue", "red"],
        "n/a",
    ),
    person(
        "4",
        "Darth Vader",
        ["202", "136"],
        ["none", "white", "yellow"],
        "male",
    ),
    person(
        "5",
        "Leia Organa",
        ["150", "49"],
        ["brown", "light", "brown"],
        "female",
    ),
    person(
        "6",
        "Owen Lars",
        ["178", "120"],
        ["brown, grey", "light", "blue"],
        "male",
    ),
    person(
        "7",
        "Beru Whitesun Lars",
        ["165", "75"],
        ["brown", "light", "blue"],
        "female",
    ),
    person(
        "8",
        "R5-D4",
        ["97", "32"],
        ["n/a", "white, red", "red"],
        "n/a",
    ),
    person(
        "9",
        "Biggs Darklighter",
        ["183", "84"],
        ["black", "light", "brown"],
        "male",
    ),
    person(
        "10",
        "Obi-Wan Kenobi",
        ["182", "77"],
        ["auburn, white", "fair", "blue-gray"],
        "male",
    ),
];
