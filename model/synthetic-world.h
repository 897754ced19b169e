// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SYNTHETIC_WORLD_H
#define SAGIN_SYNTHETIC_WORLD_H

#include "image-source.h"

#include <cstdint>
#include <list>
#include <map>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief A procedural world of locations seen from satellites, drones and the street: the
 *        default ImageSource (nothing to download).
 *
 * Each location has a scene, a top-down map generated from (Seed, location) alone at twice
 * the image side: ground of a location-specific colour with low-frequency texture, vegetation
 * patches from seeded value noise, a rotated grid of roads with centre lines, buildings in the
 * road blocks with roof colours from a location-specific palette, heights and shadows cast away
 * from a location-specific sun, and a large landmark building at the centre. The views:
 *  - satellite: the whole scene, north up, averaged 2×2 down to S×S (one view per location);
 *  - drone: an oblique view of the centre: rotation by any angle (drones circle the
 *    building), zoom 1.2–1.8, shift up to 0.1 of the scene, a perspective tilt, a colour gain
 *    of ±6 % and Gaussian pixel noise of σ 0.02;
 *  - street: a low oblique perspective of the ground plane from a camera 0.3–0.7 half-widths
 *    from the centre, looking towards it (±25°), horizon in the upper third, haze with distance
 *    and sky above the horizon, a colour gain of ±10 %, an offset of ±0.03 and noise σ 0.05.
 * Every view is a homography of the scene, sampled bilinearly (grid_sample, reflection at the
 * scene's edge). Every random number comes from seeded generators (a SplitMix64 stream per
 * scene and per view, and at::Generator for the pixel noise), never from global state: the
 * same attributes and arguments give the same image, other seeds other images.
 *
 * With Texture t > 0, every surface of a scene also gets a fine grain: its colour is multiplied
 * by 1 + t·(2n − 1), n value noise on a lattice of 2 scene pixels (1 satellite-image pixel),
 * from a generator of its own, so the rest of the scene is the same as with t = 0.
 *
 * The scenes of the SceneCache locations used last are kept, so a view of one of them costs
 * only its warp; a kept scene is the same tensor as a new one would be. Not thread-safe.
 */
class SyntheticWorld : public ImageSource
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SyntheticWorld();
    ~SyntheticWorld() override;

    uint32_t GetNLocations() const override;
    std::string GetLocationName(uint32_t location) const override;
    uint32_t GetNViews(uint32_t location, View view) const override;
    FeatureTensor GetImage(uint32_t location, View view, uint32_t index) override;
    FeatureTensor GetRawImage(uint32_t location, View view, uint32_t index) override;
    uint32_t GetImageSize() const override;

    /**
     * @param location location index
     * @return the location's scene: 1×3×2S×2S, values in [0, 1], north up
     * @throws std::out_of_range for an index beyond the locations
     */
    FeatureTensor GetScene(uint32_t location);

  protected:
    void DoDispose() override;

  private:
    /**
     * @param location a location index
     * @param function the caller, for the message
     * @throws std::out_of_range for an index beyond the locations
     */
    void CheckLocation(uint32_t location, const char* function) const;

    uint32_t m_nLocations;  //!< number of locations
    uint32_t m_droneViews;  //!< drone views per location
    uint32_t m_streetViews; //!< street views per location
    uint32_t m_imageSizePx; //!< side of the images, pixels
    uint64_t m_seed;        //!< seed of every scene and view
    uint32_t m_sceneCache;  //!< number of scenes kept
    double m_texture;       //!< amplitude of the fine grain on every surface
    /// The kept scenes by location, each with its place in m_sceneUse.
    std::map<uint32_t, std::pair<FeatureTensor, std::list<uint32_t>::iterator>> m_scenes;
    std::list<uint32_t> m_sceneUse; //!< the kept scenes' locations, the most recently used first
    uint32_t m_scenesSizePx;        //!< the side of the kept scenes, pixels
    uint64_t m_scenesSeed;          //!< the seed they were made with
    double m_scenesTexture;         //!< the grain they were made with
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SYNTHETIC_WORLD_H
