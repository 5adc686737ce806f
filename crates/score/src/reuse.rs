//! Buffers passed from one text to the next, so that a warm thread allocates none.

/// `buffer`, emptied, as a vector of element type `U`.
///
/// Meant for `U` the same type as `T` with another lifetime (tokens of the next text): then
/// the memory is kept, since collecting a vector's own iterator into a vector of the same
/// layout reuses its allocation. No value crosses: the vector is emptied first. For any other
/// `U` the result is simply a new empty vector.
pub(crate) fn emptied<T, U>(mut buffer: Vec<T>) -> Vec<U> {
    buffer.clear();
    buffer.into_iter().map(|_| unreachable!("the buffer was emptied")).collect()
}
