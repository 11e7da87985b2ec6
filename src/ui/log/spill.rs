//! The spill file: where the log's oldest blocks go when memory is full, so a long session keeps
//! every line without growing the app.
//!
//! Blocks are appended to segment files in the system's temporary folder and read back with
//! positional reads (any thread can read a block while the UI appends more). On Unix a segment is
//! unlinked as soon as it is open, so nothing is left behind even after a crash; elsewhere it is
//! deleted when dropped. A segment is closed (and its space freed) once no block refers to it.

use super::store::Chunk;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A new segment is started past this size, so dropping old blocks frees disk space.
const SEGMENT_BYTES: u64 = 64 << 20;

/// One temporary file.
#[derive(Debug)]
pub struct Segment {
    file: File,
    /// Deleted on drop where it could not be unlinked while open.
    path: Option<PathBuf>,
}

impl Drop for Segment {
    fn drop(&mut self) {
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(p);
        }
    }
}

impl Segment {
    fn create() -> io::Result<Segment> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir();
        let mut last = None;
        for _ in 0..8 {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("ct11-log-{}-{n}.spill", std::process::id()));
            match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    // On Unix the open file outlives its name: nothing to clean up later.
                    #[cfg(unix)]
                    let path = std::fs::remove_file(&path).err().map(|_| path);
                    #[cfg(not(unix))]
                    let path = Some(path);
                    return Ok(Segment { file, path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no free temporary file name")))
    }

    fn write_all_at(&self, buf: &[u8], offset: u64) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.file.write_all_at(buf, offset)
        }
        #[cfg(windows)]
        {
            use std::os::windows::fs::FileExt;
            let mut done = 0;
            while done < buf.len() {
                let n = self.file.seek_write(&buf[done..], offset + done as u64)?;
                if n == 0 {
                    return Err(io::ErrorKind::WriteZero.into());
                }
                done += n;
            }
            Ok(())
        }
    }

    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.file.read_exact_at(buf, offset)
        }
        #[cfg(windows)]
        {
            use std::os::windows::fs::FileExt;
            let mut done = 0;
            while done < buf.len() {
                let n = self
                    .file
                    .seek_read(&mut buf[done..], offset + done as u64)?;
                if n == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                done += n;
            }
            Ok(())
        }
    }
}

/// Where a spilled block is.
#[derive(Clone, Debug)]
pub struct ColdRef {
    seg: Arc<Segment>,
    offset: u64,
    lines: u32,
    bytes: u32,
}

impl ColdRef {
    /// Bytes it takes on disk.
    pub fn disk_len(&self) -> u64 {
        u64::from(self.lines) * 12 + u64::from(self.bytes)
    }

    /// Read the block back.
    pub fn load(&self) -> io::Result<Chunk> {
        let n = self.lines as usize;
        let mut buf = vec![0u8; self.disk_len() as usize];
        self.seg.read_exact_at(&mut buf, self.offset)?;
        let (times, rest) = buf.split_at(n * 8);
        let (ends, bytes) = rest.split_at(n * 4);
        let times: Vec<u64> = times
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let ends: Vec<u32> = ends
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        // A damaged file must not make slicing panic later.
        let mut prev = 0;
        for &e in &ends {
            if e < prev || e as usize > bytes.len() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the log's temporary file is damaged",
                ));
            }
            prev = e;
        }
        Ok(Chunk {
            times,
            ends,
            bytes: bytes.to_vec(),
        })
    }
}

/// Appends blocks to the current segment.
pub struct SpillFile {
    seg: Arc<Segment>,
    len: u64,
}

impl SpillFile {
    pub fn new() -> io::Result<SpillFile> {
        Ok(SpillFile {
            seg: Arc::new(Segment::create()?),
            len: 0,
        })
    }

    /// Write one block; returns where it went.
    pub fn write(&mut self, chunk: &Chunk) -> io::Result<ColdRef> {
        if self.len >= SEGMENT_BYTES {
            *self = SpillFile::new()?;
        }
        let mut buf = Vec::with_capacity(chunk.len() * 12 + chunk.bytes.len());
        for t in &chunk.times {
            buf.extend_from_slice(&t.to_le_bytes());
        }
        for e in &chunk.ends {
            buf.extend_from_slice(&e.to_le_bytes());
        }
        buf.extend_from_slice(&chunk.bytes);
        self.seg.write_all_at(&buf, self.len)?;
        let r = ColdRef {
            seg: self.seg.clone(),
            offset: self.len,
            lines: u32::try_from(chunk.len()).map_err(io::Error::other)?,
            bytes: u32::try_from(chunk.bytes.len()).map_err(io::Error::other)?,
        };
        self.len += buf.len() as u64;
        Ok(r)
    }
}
