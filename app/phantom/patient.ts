/**
 * The "patient": every anatomical and acquisition parameter of one phantom.
 *
 * Coordinates are **canonical**: u (left→right on the image) and v (top→bottom) in
 * [0, 1] over an average-sized, centred, upright patient on a square detector. The
 * means below were calibrated against the contours of the JSRT development set (lung
 * apices at v≈0.08, costophrenic angles at v≈0.84, heart 0.39–0.76 wide, clavicles
 * from (0.23, 0.14) to (0.45, 0.18), …); no image data is copied, only proportions.
 * The pose (scale, shift, rotation) then places the patient on the actual image.
 *
 * Radiological convention: the patient's RIGHT is on the image LEFT (small u), as on
 * a PA film viewed by the reader. So `lungs.right` has `dir = -1`: its lateral side is
 * toward smaller u.
 *
 * Distances along the beam ("depth", "density") are in cm of water equivalent; the
 * detector model turns them into log-attenuation.
 */

export type Sex = 'F' | 'M';

export interface Pose {
  /** Patient size on the image relative to the canonical patient (per axis). */
  scaleX: number;
  scaleY: number;
  /** Shift of the patient centre, as a fraction of the image's shorter side. */
  shiftX: number;
  shiftY: number;
  /** In-plane rotation, degrees, positive = clockwise on screen (y points down). */
  rotationDeg: number;
}

export interface Dome {
  /** Lateral coordinate r (see Lung) of the dome's highest point. */
  peakR: number;
  peakY: number;
  /** Exponent of the lateral limb (peak → costophrenic angle); ≥ 2 gives a sharper recess. */
  lateralExp: number;
  /** Curvature of the medial limb near the peak: v ≈ peakY + medialK·(peakR − r)². */
  medialK: number;
  /** How far the medial limb falls below the peak at most. */
  medialDrop: number;
}

export interface Lung {
  /** -1 for the right lung (lateral = image left), +1 for the left lung. */
  dir: -1 | 1;
  apexX: number;
  apexY: number;
  /** Height of the costophrenic angle; its x is apexX + dir·wLat. */
  cpY: number;
  /** How far the lateral wall reaches from the apex x at the base. */
  wLat: number;
  /** How far the mediastinal border lies from the apex x (toward the midline). */
  wMed: number;
  /** Lateral wall w(t) = wLat·sqrt(1 − (1 − t)^latExp): larger = fuller upper lung. */
  latExp: number;
  /** Fraction t of the lung height by which the medial border is fully out. */
  medReach: number;
  /**
   * Fraction of the local chest thickness that the lung removes (water-equivalent): the
   * lung fills most of the chest's depth but is itself ~25 % tissue.
   */
  airFraction: number;
  dome: Dome;
}

export interface Heart {
  cx: number;
  cy: number;
  /** Half width (at the centre line) and half height of the egg-shaped silhouette. */
  a: number;
  b: number;
  /** Egg factor: the half width is a·(1 + k·Y/b), so the base is wider than the top. */
  k: number;
  /** Tilt, radians, positive = clockwise on screen. */
  angle: number;
}

export interface AorticKnob {
  cx: number;
  cy: number;
  r: number;
}

export interface Airway {
  carinaX: number;
  carinaY: number;
  tracheaHalfWidth: number;
  bronchusHalfWidth: number;
  /** Angles from the vertical, radians; the right main bronchus is steeper (smaller angle). */
  rightAngle: number;
  leftAngle: number;
  bronchusLength: number;
  /** Air thickness of the trachea lumen, cm. */
  airDepth: number;
}

export interface Spine {
  cx: number;
  /** Half width of a mid-thoracic vertebral body. */
  halfWidth: number;
  /** Top of T1. */
  top: number;
  /** Height of one vertebra plus its disc (also the posterior rib spacing). */
  pitch: number;
  density: number;
}

export interface Ribs {
  /** Posterior arcs per side (from T1 down). */
  count: number;
  /** Anterior arcs per side. */
  anteriorCount: number;
  halfThickness: number;
  /** v = y0 + curvature·(s² − bend·s), s = 0 at the spine, 1 at the lateral chest wall. */
  curvature: number;
  bend: number;
  /** Descent of the anterior arcs per unit of s toward the midline. */
  anteriorSlope: number;
  density: number;
}

export interface Clavicle {
  medialX: number;
  medialY: number;
  lateralX: number;
  lateralY: number;
  halfThickness: number;
  /** S-shape: v offset = bow1·sin(πt) + bow2·sin(2πt) along the shaft, t = 0 medial. */
  bow1: number;
  bow2: number;
  density: number;
}

export interface Body {
  neckHalfWidth: number;
  /** v at which the shoulder slope reaches full width. */
  shoulderY: number;
  shoulderHalfWidth: number;
  chestHalfWidth: number;
  /** AP thickness of the chest (cm) — the main soft-tissue attenuation. */
  chestDepth: number;
  neckDepth: number;
  /** Arms hang beside the chest, separated by an air gap that closes in the axilla. */
  armGap: number;
  armRadius: number;
  humeralHeadRadius: number;
}

export interface Breasts {
  /** Centre v of the breast ellipses; centre u is at 0.5 ± offsetX. */
  cy: number;
  offsetX: number;
  rx: number;
  ry: number;
  depth: number;
}

export interface GasBubble {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  depth: number;
}

export interface Exposure {
  /** Effective linear attenuation of water, 1/cm (beam quality / kVp). */
  mu: number;
  /** Photons per pixel without the patient: sets the quantum noise. */
  photons: number;
  /** Stored value = offset + gain·(μ·attenuation); stays within the detector's bits. */
  offset: number;
  gain: number;
  /** Unsharpness (Gaussian sigma) in pixels of a 512-pixel image; scaled with size. */
  blur: number;
}

export interface Patient {
  sex: Sex;
  age: number;
  pose: Pose;
  body: Body;
  lungs: { right: Lung; left: Lung };
  heart: Heart;
  knob: AorticKnob;
  airway: Airway;
  spine: Spine;
  ribs: Ribs;
  clavicles: { right: Clavicle; left: Clavicle };
  breasts: Breasts | null;
  gasBubble: GasBubble | null;
  exposure: Exposure;
  /** Seed of the pulmonary vessel tree (drawn separately so the anatomy stream is stable). */
  vesselSeed: number;
}
