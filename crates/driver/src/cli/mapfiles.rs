//! `--map`, `--mapcsv` and `--perfmap`: the files beside an output image,
//! rendered by [`kiln_driver::maps`] from the image as written and stored
//! through the same [`OutputSet`] as the images (never over an input,
//! only complete). The map paths are reserved with the images; the perf
//! map's name holds the input's MVID, so it is reserved once the image
//! exists.

use std::path::{Path, PathBuf};

use kiln_driver::maps;
use kiln_driver::output::{OutputSet, Slot};
use kiln_writer::read::R2rImage;

use super::args::CompileArgs;

/// The reserved map files of one output.
#[derive(Debug, Clone, Copy, Default)]
pub struct MapSlots {
    map: Option<Slot>,
    csv: Option<Slot>,
}

/// Whether any map file is asked for.
pub fn wanted(args: &CompileArgs) -> bool {
    args.map || args.mapcsv || args.perfmap
}

/// Reserves `<out>.map` and `<out>.map.csv` as asked.
///
/// # Errors
/// A path that may not be written (see [`OutputSet::reserve`]).
pub fn reserve(
    args: &CompileArgs,
    outputs: &mut OutputSet,
    out: &Path,
) -> Result<MapSlots, String> {
    let mut reserve = |ext: &str| outputs.reserve(&out.with_extension(ext));
    Ok(MapSlots {
        map: args
            .map
            .then(|| reserve("map"))
            .transpose()
            .map_err(|e| e.to_string())?,
        csv: args
            .mapcsv
            .then(|| reserve("map.csv"))
            .transpose()
            .map_err(|e| e.to_string())?,
    })
}

/// Drops the map files of an output that was not written.
pub fn discard(outputs: &mut OutputSet, slots: MapSlots) {
    for s in [slots.map, slots.csv].into_iter().flatten() {
        outputs.discard(s);
    }
}

/// Writes the map files of the image `image` written to `out`; returns
/// the perf map's path if one was written.
///
/// # Errors
/// The image cannot be read back, or a file cannot be reserved or written.
pub fn write(
    args: &CompileArgs,
    outputs: &mut OutputSet,
    slots: MapSlots,
    out: &Path,
    image: &[u8],
) -> Result<Option<PathBuf>, String> {
    if !wanted(args) {
        return Ok(None);
    }
    let img = R2rImage::parse(image.to_vec()).map_err(|e| {
        format!(
            "{}: reading the image back for its maps: {e}",
            out.display()
        )
    })?;
    let io = |e: kiln_driver::DriverError| e.to_string();
    if let Some(s) = slots.map {
        outputs
            .write(s, maps::map_text(&img).as_bytes())
            .map_err(io)?;
    }
    if let Some(s) = slots.csv {
        outputs
            .write(s, maps::map_csv(&img).as_bytes())
            .map_err(io)?;
    }
    if !args.perfmap {
        return Ok(None);
    }
    let stem = out.file_stem().unwrap_or_default().to_string_lossy();
    let name = maps::perfmap_file_name(&img, &stem)
        .map_err(|e| format!("{}: perf map name: {e}", out.display()))?;
    let dir = match &args.perfmap_path {
        Some(d) => d.clone(),
        None => out.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let path = dir.join(name);
    let slot = outputs.reserve(&path).map_err(io)?;
    outputs
        .write(slot, maps::perfmap(&img).as_bytes())
        .map_err(io)?;
    Ok(Some(path))
}
