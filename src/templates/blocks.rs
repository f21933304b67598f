//! The blocks a very long roadmap is listed in: past [`BLOCKS_ABOVE`] stages the
//! overview lists runs of stages ("Stages 1–200"), each with its weeks and a page of
//! its own (`block.html`) that lists its stages, so that no page grows with the roadmap.

use serde::Serialize;

use crate::content::WeekSpan;

/// Up to how many stages the overview lists every stage; beyond, it lists blocks. A
/// stage's line is some 19 bytes gzipped: 500 lines and the rest of the page (its
/// timeline and map, which do not grow) stay near 32 KB gzipped. A long roadmap's
/// ([`crate::reader::LONG_ROADMAP`]).
pub const BLOCKS_ABOVE: usize = crate::reader::LONG_ROADMAP;

/// How many stages a block holds at least (the print version's parts hold as many).
pub const BLOCK_STAGES: usize = 200;

/// Up to how many blocks the overview lists: past 20,000 stages blocks grow instead.
pub const MAX_BLOCKS: usize = 100;

/// A run of stages in order: `block` on its page, and each of `blocks` on the overview.
#[derive(Debug, Clone, Serialize)]
pub struct StageBlock {
    /// 1-based.
    pub number: usize,
    /// Path from the site root including base_path: `/repo/blocks/1/`.
    pub url: String,
    /// The `stage` numbers of its first and last stage.
    pub first_stage: u32,
    pub last_stage: u32,
    pub stage_count: usize,
    /// The weeks its stages fall in, as the schedule says: "weeks 1–350".
    pub weeks_label: String,
    /// How many items of its stages keep their progress.
    pub tracked: usize,
    #[serde(skip)]
    stages: std::ops::Range<usize>,
}

/// What a block needs to know of a stage.
pub struct BlockStage<'a> {
    pub number: u32,
    pub span: &'a WeekSpan,
    pub tracked: usize,
}

impl StageBlock {
    /// The blocks of `stages` (in order), none up to [`BLOCKS_ABOVE`] stages.
    pub fn all(stages: &[BlockStage], base_path: &str) -> Vec<StageBlock> {
        if stages.len() <= BLOCKS_ABOVE {
            return Vec::new();
        }
        let per_block = block_size(stages.len());
        (stages.chunks(per_block).enumerate())
            .map(|(k, run)| {
                let start = k * per_block;
                let first = run.iter().map(|s| s.span.start_week()).min().unwrap_or(1);
                let last = run.iter().map(|s| s.span.end_week()).max().unwrap_or(first);
                let weeks_label = if first == last {
                    format!("week {first}")
                } else {
                    format!("weeks {first}–{last}")
                };
                StageBlock {
                    number: k + 1,
                    url: format!("{base_path}{}", block_path(k + 1)),
                    first_stage: run.first().map_or(0, |s| s.number),
                    last_stage: run.last().map_or(0, |s| s.number),
                    stage_count: run.len(),
                    weeks_label,
                    tracked: run.iter().map(|s| s.tracked).sum(),
                    stages: start..start + run.len(),
                }
            })
            .collect()
    }

    /// The indexes of its stages.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.stages.clone()
    }

    /// Its file below the output folder.
    pub fn rel(&self) -> String {
        format!("{}index.html", block_path(self.number))
    }
}

/// How many stages a block of a roadmap of `count` stages holds: [`BLOCK_STAGES`], or
/// more (a multiple of 100) to keep to [`MAX_BLOCKS`] blocks.
pub fn block_size(count: usize) -> usize {
    let per_hundred = count.div_ceil(MAX_BLOCKS).div_ceil(100) * 100;
    per_hundred.max(BLOCK_STAGES)
}

/// How many blocks a roadmap of `count` stages is listed in (none up to [`BLOCKS_ABOVE`]).
pub fn block_count(count: usize) -> usize {
    if count <= BLOCKS_ABOVE {
        0
    } else {
        count.div_ceil(block_size(count))
    }
}

/// `blocks/1/`, `blocks/2/`...
pub fn block_path(number: usize) -> String {
    format!("blocks/{number}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stages(count: usize, span: &WeekSpan) -> Vec<BlockStage<'_>> {
        (0..count)
            .map(|i| BlockStage {
                number: i as u32 + 1,
                span,
                tracked: 2,
            })
            .collect()
    }

    #[test]
    fn blocks_cover_every_stage_once_past_the_threshold() {
        let span = WeekSpan {
            start_min: 0.0,
            start_max: 0.0,
            end_min: 1.0,
            end_max: 2.0,
        };
        assert!(StageBlock::all(&stages(BLOCKS_ABOVE, &span), "/").is_empty());
        let blocks = StageBlock::all(&stages(1001, &span), "/r/");
        let ranges: Vec<_> = blocks.iter().map(StageBlock::range).collect();
        assert_eq!(
            ranges,
            [0..200, 200..400, 400..600, 600..800, 800..1000, 1000..1001]
        );
        assert_eq!((blocks[5].first_stage, blocks[5].last_stage), (1001, 1001));
        assert_eq!(blocks[1].url, "/r/blocks/2/");
        assert_eq!(blocks[0].tracked, 400);
        assert_eq!(blocks[0].weeks_label, "weeks 1–2");
        assert_eq!(block_count(1001), blocks.len());
        assert_eq!(block_count(BLOCKS_ABOVE), 0);
    }

    #[test]
    fn blocks_grow_to_keep_their_number_bounded() {
        assert_eq!(block_size(10_000), 200);
        assert_eq!(block_size(50_000), 500);
        assert_eq!(block_size(50_001), 600);
        assert!(50_001usize.div_ceil(block_size(50_001)) <= MAX_BLOCKS);
    }
}
